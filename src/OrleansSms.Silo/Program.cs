using OrleansSms.Silo.Contacts;
using OrleansSms.Silo.Hosting;
using OrleansSms.Silo.Security;
using OrleansSms.Silo.Stores;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? PublicUrls.DefaultListenUrl);

builder.AddServiceDefaults();
builder.AddOrleansSms();
builder.Services.AddApiKeySecurity();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
var stores = app.MapGroup("/api/stores").RequireAuthorization(StoreAccessRequirement.PolicyName);
stores.MapStoreChannelApi();
stores.MapContactsApi();
stores.MapEventsApi();

app.Run();

/// <summary>The entry point, visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
