using OrleansSms.Silo.Admission;
using OrleansSms.Silo.Alerts;
using OrleansSms.Silo.Api;
using OrleansSms.Silo.Audit;
using OrleansSms.Silo.Callbacks;
using OrleansSms.Silo.Channel;
using OrleansSms.Silo.Console;
using OrleansSms.Silo.Contacts;
using OrleansSms.Silo.Contents;
using OrleansSms.Silo.Hosting;
using OrleansSms.Silo.Reports;
using OrleansSms.Silo.Security;
using OrleansSms.Silo.Sending;
using OrleansSms.Silo.Webhooks;
using OrleansSms.Silo.Workflows;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? PublicUrls.DefaultListenUrl);

builder.AddServiceDefaults();
builder.AddGracefulShutdown();
builder.AddOrleansSms();
builder.Services.AddApiKeySecurity();
builder.AddConsole();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseProblemAnswers();
app.UseAuthentication();
app.UseAuditActor();
app.UseAuthorization();
app.UseAdmissionControl();

app.MapDefaultEndpoints();
var api = app.MapApiGroup();
var stores = api.MapGroup("/stores");
stores.MapStoreChannelApi();
stores.MapContactsApi();
stores.MapEventsApi();
stores.MapContentsApi(api);
stores.MapSendingApi();
stores.MapAlertsApi();
stores.MapWorkflowsApi();
stores.MapUnmatchedReportsApi();
stores.MapAuditApi();
stores.MapWebhooksApi();
stores.MapSmsReportsApi();
app.MapInstasentCallbacks();
app.MapConsole();

app.Run();

/// <summary>The entry point, visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
