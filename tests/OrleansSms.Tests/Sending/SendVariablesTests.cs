using Microsoft.Extensions.DependencyInjection;
using OrleansSms.Abstractions.Contacts;
using OrleansSms.Abstractions.Sending;
using OrleansSms.Domain.Contacts;
using OrleansSms.Domain.Sending;
using OrleansSms.Tests.Infrastructure;

namespace OrleansSms.Tests.Sending;

/// <summary>The contact resolves a send's variables from its own state, by one rule, in the one call that sends.</summary>
[Collection(SendingSiloCollection.Name)]
public sealed class SendVariablesTests(SendingSiloFixture silo)
{
    [Fact]
    public async Task Given_values_then_mapped_fields_with_fallbacks_then_fields_of_the_same_name()
    {
        var store = await silo.StoreAsync();
        var phone = TestPhones.Next();
        var contactId = await silo.ContactAsync(store, phone, firstName: "Ana");
        var grains = silo.Factory.Services.GetRequiredService<IGrainFactory>();
        var contact = grains.GetContact(store, contactId);
        await contact.UpdateAsync(new ContactUpdate
        {
            Fields = new(StringComparer.Ordinal) { ["nickname"] = new ContactField(FieldType.String, "") },
        });

        var result = await contact.SendSmsAsync(new SendSmsCommand
        {
            IdempotencyKey = "variables",
            Kind = SmsKind.Transactional,
            Text = "{{order}}|{{name}}|{{nick}}|{{city}}|{{bare}}|{{given}}|{{firstName}}|{{unknown}}.",
            Variables = new(StringComparer.Ordinal) { ["order"] = "A1", ["given"] = "wins" },
            FieldVariables = new(StringComparer.Ordinal)
            {
                ["name"] = new FieldVariable("firstName", "cliente"),
                ["nick"] = new FieldVariable("nickname", "amiga"), // present but empty: the fallback
                ["city"] = new FieldVariable("city", "tu ciudad"), // absent: the fallback
                ["bare"] = new FieldVariable("city", null), // absent, no fallback: empty
                ["given"] = new FieldVariable("firstName", "x"), // a given value goes first
            },
            SenderName = "MyShop",
        });

        Assert.Equal(SendStatus.Sent, result.Status);
        var sms = Assert.Single(await silo.SimulatorMessagesAsync(phone));
        Assert.Equal("A1|Ana|amiga|tu ciudad||wins|Ana|.", sms.GetProperty("text").GetString());
    }
}
