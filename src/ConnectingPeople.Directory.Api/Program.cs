using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Curation;
using ConnectingPeople.Directory.Api.Features.Health;
using ConnectingPeople.Directory.Api.Features.Insights;
using ConnectingPeople.Directory.Api.Features.OpenReferral;
using ConnectingPeople.Directory.Api.Features.Organisations;
using ConnectingPeople.Directory.Api.Features.Pages;
using ConnectingPeople.Directory.Api.Features.Postcodes;
using ConnectingPeople.Directory.Api.Features.Protection;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.ServiceIndex;
using ConnectingPeople.Directory.Api.Features.Shared;
using ConnectingPeople.Directory.Api.Features.Signposting;
using ConnectingPeople.Directory.Api.Features.Taxonomies;
using ConnectingPeople.Directory.Api.Features.Telemetry;
using ConnectingPeople.Directory.Api.Features.Transfer;

var builder = WebApplication.CreateBuilder(args);
builder.AddDirectoryDatabase();
builder.AddDirectoryApi();
builder.AddProtection();
builder.AddTelemetry();
builder.Services.AddSearch();
builder.Services.AddOpenReferral();
builder.AddDirectoryAuth();
builder.Services.AddCuration();
builder.Services.AddFeedback();
builder.Services.AddTransfer();
builder.Services.AddInsights();
builder.AddPages();

var app = builder.Build();
if (args is ["seed", ..])
{
    return await SeedCommand.RunAsync(app, args);
}
if (args is ["keys", ..])
{
    return await KeysCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
}

app.UseDirectoryApi();
app.UseProtection();
app.UseInputBoundary();
app.UseMiddleware<StrictQuery>();
app.UseApiDocs();
app.UseMiddleware<ReadRetry>();
app.MapServiceIndex();
app.MapHealth();
app.MapAssets();
app.MapAssetWrites();
app.MapOrganisationWrites();
app.MapLocations();
app.MapChanges();
app.MapStale();
app.MapFeedback();
app.MapTransfer();
app.MapKeys();
app.MapOrganisations();
app.MapTaxonomies();
app.MapTaxonomyWrites();
app.MapPostcodes();
app.MapSearch();
app.MapOpenReferral();
app.MapRpdeFeed();
app.MapSignposts();
app.MapShortlists();
app.MapInsights();
app.MapPages();
app.Run();
return 0;

public partial class Program;
