using OrleansSms.Silo.Callbacks;
using OrleansSms.Silo.Contacts;
using OrleansSms.Silo.Hosting;
using OrleansSms.Silo.Messaging;
using OrleansSms.Silo.Security;
using OrleansSms.Silo.Stores;
using OrleansSms.Silo.Workflows;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? PublicUrls.DefaultListenUrl);

builder.AddServiceDefaults();
builder.AddGracefulShutdown();
builder.AddOrleansSms();
builder.Services.AddApiKeySecurity();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
var api = app.MapGroup("/api").RequireAuthorization(StoreAccessRequirement.PolicyName);
var stores = api.MapGroup("/stores");
stores.MapStoreChannelApi();
stores.MapContactsApi();
stores.MapEventsApi();
stores.MapSmsApi(api);
stores.MapWorkflowsApi();
app.MapInstasentCallbacks();

app.Run();

/// <summary>The entry point, visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
