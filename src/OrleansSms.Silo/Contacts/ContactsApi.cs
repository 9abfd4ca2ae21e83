using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Silo.Admission;
using OrleansSms.Silo.Api;

namespace OrleansSms.Silo.Contacts;

/// <summary>Contacts: one at a time, the list (search, filters, count), CSV import and export of many, and the directory's rebuild.</summary>
public static class ContactsApi
{
    public static RouteGroupBuilder MapContactsApi(this RouteGroupBuilder stores)
    {
        var contacts = stores.MapGroup("/{storeId}/contacts").WithTags("Contacts");
        contacts.MapGet("/", ListContactsAsync)
            .WithSummary("Lists, searches and filters the store's contacts, a page at a time")
            .WithDescription("In contact id order. search: the start of a contact id, a phone in any input form, or an email (the field email, any case). "
                + "phoneStatus and subscription filter. limit 1-200 (50); pass nextCursor as cursor for the next page, until it is null.");
        contacts.MapGet("/count", CountContactsAsync)
            .WithSummary("Counts the contacts a search and filters match")
            .WithDescription("The same search, phoneStatus and subscription as the list.");
        contacts.MapGet("/export", ExportContacts)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithSummary("Exports the store's contacts as CSV, in the import's format")
            .WithDescription("Streamed in contact id order; the same search and filters as the list. The header is contactId, the system fields and one typed column per custom field (age:number): importing the file into a store gives the same contacts.");
        contacts.MapPost("/directory/rebuild", RebuildDirectoryAsync)
            .RequireAuthorization(Security.AllStoresAccess.PolicyName)
            .WithSummary("Rebuilds the store's contact directory from its contacts' stored states (an all-stores key only)")
            .WithDescription("Reads every indexed contact again and lists it as stored. Safe to repeat, and while the store is in use.");
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

    public static async Task<Results<Ok<ContactListResponse>, ValidationProblem>> ListContactsAsync(
        string storeId, HttpRequest request, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (ContactListRequest.Parse(request.Query, paged: true, errors) is not { } query)
        {
            return RequestProblems.Invalid(errors);
        }

        return TypedResults.Ok(ContactListResponse.From(await grains.GetContactDirectory(storeId).ListAsync(query)));
    }

    public static async Task<Results<Ok<ContactCountResponse>, ValidationProblem>> CountContactsAsync(
        string storeId, HttpRequest request, IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        if (ContactListRequest.Parse(request.Query, paged: false, errors) is not { } query)
        {
            return RequestProblems.Invalid(errors);
        }

        return TypedResults.Ok(new ContactCountResponse(await grains.GetContactDirectory(storeId).CountAsync(query)));
    }

    public static Results<PushStreamHttpResult, ValidationProblem> ExportContacts(
        string storeId, HttpRequest request, ContactExporter exporter)
    {
        var errors = new ValidationErrors();
        if (ContactListRequest.Parse(request.Query, paged: false, errors) is not { } query)
        {
            return RequestProblems.Invalid(errors);
        }

        var aborted = request.HttpContext.RequestAborted;
        return TypedResults.Stream(body => exporter.WriteAsync(storeId, query, body, aborted), "text/csv; charset=utf-8", $"contacts-{storeId}.csv");
    }

    public static async Task<Ok<DirectoryRebuildResponse>> RebuildDirectoryAsync(
        string storeId, ContactDirectoryRebuilder rebuilder, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rebuilder.RebuildAsync(storeId, cancellationToken));

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
