using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Silo.Admission;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Contacts;

/// <summary>Contacts: one at a time, and CSV import of many.</summary>
public static class ContactsApi
{
    public static RouteGroupBuilder MapContactsApi(this RouteGroupBuilder stores)
    {
        var contacts = stores.MapGroup("/{storeId}/contacts").WithTags("Contacts");
        contacts.MapPut("/{contactId}", PutContactAsync).WithBodyLimit(BodyLimits.Fields)
            .RequireAdmission(AdmissionRoute.Contacts)
            .WithSummary("Creates or changes a contact")
            .WithDescription("Absent properties stay as they were; null clears. The phone is normalised to E.164 with the store's default country.");
        contacts.MapGet("/{contactId}", GetContactAsync)
            .ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One contact");
        contacts.MapDelete("/{contactId}", EraseContactAsync)
            .RequireAdmission(AdmissionRoute.Contacts)
            .WithSummary("Erases a contact")
            .WithDescription("Its fields, phone, statuses, SMS history with the texts, replies and runs are cleared from storage and it leaves the index: it gets nothing more, a later report about its messages changes nothing, and the id may be used again as a new contact. 204 also for an id that names no contact.");
        // CSV, not JSON: the handler checks the media type and streams the body itself (memory
        // stays flat), so the file may be far above Kestrel's 30 MB default: a million rows is
        // about 50 MB.
        contacts.MapPost("/import", ImportAsync)
            .RequireAdmission(AdmissionRoute.Imports)
            .WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes))
            .Accepts<string>("text/csv")
            .WithSummary("Imports contacts from a CSV file")
            .WithDescription("A header row with contactId or email, then system fields and custom fields (typed with a suffix: age:number). Bad lines are reported by number; the others go in.");
        return stores;
    }

    public static async Task<Ok<ContactResponse>> PutContactAsync(
        string storeId, string contactId, Json<ContactRequest> body, IGrainFactory grains)
    {
        var result = await grains.GetContact(storeId, contactId).UpdateAsync(body.Value.Update);
        return TypedResults.Ok(ContactResponse.From(result.Contact));
    }

    public static async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> GetContactAsync(
        string storeId, string contactId, IGrainFactory grains)
    {
        var contact = await grains.GetContact(storeId, contactId).GetAsync();
        return contact is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Contact not found",
                detail: $"Store '{storeId}' has no contact '{contactId}'.")
            : TypedResults.Ok(ContactResponse.From(contact));
    }

    public static async Task<NoContent> EraseContactAsync(string storeId, string contactId, IGrainFactory grains)
    {
        await grains.GetGrain<IContactErasureGrain>(storeId).EraseAsync(contactId);
        return TypedResults.NoContent();
    }

    /// <summary>The largest CSV an import takes (2 GiB, some 40 million rows); larger gets 413.</summary>
    public const long MaxImportBytes = 2L * 1024 * 1024 * 1024;

    public static async Task<Results<Ok<ImportResponse>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string storeId, HttpRequest request, ContactImporter importer, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "text/csv", StringComparison.OrdinalIgnoreCase) &&
            !string.Equals(mediaType, "application/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"Content-Type '{request.ContentType}' is not CSV: send text/csv.");
        }

        try
        {
            return TypedResults.Ok(await importer.ImportAsync(storeId, request.Body, cancellationToken));
        }
        catch (ContactCsvHeaderException e)
        {
            errors.Add("header", e.Message);
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
    }
}
