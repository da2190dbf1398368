using System.Text;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Transfer;
using ConnectingPeople.Directory.Api.Tests.Features.Protection;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Transfer;

/// <summary>An import looks venues up a batch of listings at a time, not once per row: the SQL it sends says so.</summary>
public sealed class ImportLookupTests(ImportLookupTests.SqlLoggedApp app) : IClassFixture<ImportLookupTests.SqlLoggedApp>
{
    public sealed class SqlLoggedApp : DirectoryApp
    {
        public CapturedLogs Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Information");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        }
    }

    [Fact]
    public async Task Venues_named_by_450_rows_are_looked_up_in_one_query_per_batch_and_shared_halls_are_reused()
    {
        var organisation = await AnOrganisationAsync(app, "Batched importers");
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [organisation.Id]));
        var csv = new StringBuilder("external_id,organisation,name,venue_name,postcode,delivery_modes\r\n");
        for (var i = 0; i < 450; i++) csv.Append($"batched-{i},{organisation.Name},Group {i},Batch hall {i % 3},S1 2JA,in_person\r\n");
        app.Logs.Entries.Clear();

        using var response = await curator.PostAsync("/api/v1/imports", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var venueLookups = app.Logs.Entries.Select(e => e.State.GetValueOrDefault("commandText", ""))
            .Where(sql => sql.Contains("FROM directory.locations", StringComparison.Ordinal) && sql.Contains("WHERE", StringComparison.Ordinal)
                && sql[sql.IndexOf("WHERE", StringComparison.Ordinal)..].Contains(".postcode", StringComparison.Ordinal))
            .Count();
        // One lookup a chunk (Import:ChunkSize listings), and a couple to spare; one a row would be 450.
        var chunks = (int)Math.Ceiling(450.0 / app.Services.GetRequiredService<IOptions<ImportSettings>>().Value.ChunkSize);
        Assert.InRange(venueLookups, chunks, chunks + 2);
        var halls = await app.WithDbAsync(db => db.Locations.Where(l => l.Name.StartsWith("Batch hall ")).CountAsync());
        Assert.Equal(3, halls);
    }
}
