using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Domain.Contacts;
using OrleansSms.Grains.Contacts;

namespace OrleansSms.Tests.Infrastructure;

/// <summary>
/// Stages, deterministically, the race an import can win: a contact grain creating a contact adds
/// it to the index first, and right then (after the add, before the grain's write) an import
/// creates the same contact straight in storage. Only for contact ids starting with
/// <see cref="Prefix"/>; every other call passes untouched.
/// </summary>
public sealed class ImportRaceFilter(IServiceProvider services) : IIncomingGrainCallFilter
{
    public const string Prefix = "importrace";

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        if (context.InterfaceMethod.Name != nameof(IContactIndexGrain.AddAsync)
            || context.Request.GetArgument(0) is not string contactId
            || !contactId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return;
        }

        var storeId = context.TargetId.Key.ToString()!.Split('/')[0];
        var contact = ((GrainReference)services.GetRequiredService<IGrainFactory>().GetContact(storeId, contactId)).GrainId;
        var created = await services.GetRequiredService<NewContactWriter>().TryCreateAsync(contact, new ContactUpdate
        {
            SetsMobilePhone = true,
            MobilePhone = "+34600999000",
            Fields = new(StringComparer.Ordinal) { ["fromImport"] = new ContactField(FieldType.String, "yes") },
        });
        if (!created)
        {
            throw new InvalidOperationException($"The staged import found {contactId} stored already");
        }
    }
}
