using System.Net;
using System.Text;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Auth;

public sealed class AuthTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    // The only writes open to anyone, each on purpose and each rate-limited: problem reports (API and page) and the pages' sign-in.
    private static readonly HashSet<string> AnonymousWrites = ["ReportProblem", "PagesReportProblem", "PagesSignIn"];

    [Fact]
    public void Every_endpoint_that_writes_requires_authentication()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var writes = endpoints.Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE") == true).ToList();

        Assert.NotEmpty(writes);
        Assert.All(writes, e =>
        {
            var name = e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.DisplayName!;
            if (AnonymousWrites.Contains(name))
            {
                Assert.NotNull(e.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>());
                return;
            }
            Assert.True(e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0, $"{name} writes without requiring authentication");
            Assert.Null(e.Metadata.GetMetadata<IAllowAnonymous>());
        });
    }

    [Fact]
    public async Task No_key_unknown_key_and_revoked_key_are_401_problems()
    {
        var organisation = await AnOrganisationAsync(app);
        var key = await app.CreateKeyAsync(Roles.Admin);
        var keyId = await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Name == "admin test key").OrderByDescending(k => k.CreatedAt).Select(k => k.Id).FirstAsync());
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ApiKeys>().RevokeAsync(keyId, CancellationToken.None);

        foreach (var client in new[] { app.CreateClient(), app.ClientWithKey("cpd_not-a-real-key-at-all-xxxxxxxxxxxxxxxxxxxxx"), app.ClientWithKey(key) })
        {
            using var response = await client.PostAsync("/api/v1/assets", Json(AWalk(organisation.Id)));
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_prescriber_key_may_not_curate_and_a_curator_only_inside_its_scope()
    {
        var mine = await AnOrganisationAsync(app, "Mine");
        var theirs = await AnOrganisationAsync(app, "Theirs");
        var prescriber = app.ClientWithKey(await app.CreateKeyAsync(Roles.Prescriber));
        var curator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [mine.Id]));
        var sheffieldCurator = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, areas: ["E08000039"]));

        using var byPrescriber = await prescriber.PostAsync("/api/v1/assets", Json(AWalk(mine.Id)));
        using var outside = await curator.PostAsync("/api/v1/assets", Json(AWalk(theirs.Id)));
        using var inside = await curator.PostAsync("/api/v1/assets", Json(AWalk(mine.Id)));
        using var inArea = await sheffieldCurator.PostAsync("/api/v1/assets", Json(AWalk(theirs.Id, postcode: "S1 2JA")));
        using var outOfArea = await sheffieldCurator.PostAsync("/api/v1/assets", Json(AWalk(theirs.Id, postcode: "L20 7AE")));

        await byPrescriber.AssertProblemAsync(HttpStatusCode.Forbidden);
        await outside.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, inside.StatusCode);
        Assert.Equal(HttpStatusCode.Created, inArea.StatusCode);
        await outOfArea.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_key_may_come_in_an_X_Api_Key_header()
    {
        var organisation = await AnOrganisationAsync(app);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.CreateKeyAsync(Roles.Admin));

        using var response = await client.PostAsync("/api/v1/assets", Json(AWalk(organisation.Id)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Keys_are_long_random_and_stored_only_as_hashes()
    {
        var first = await app.CreateKeyAsync(Roles.Curator, areas: ["E08000014"]);
        var second = await app.CreateKeyAsync(Roles.Curator, areas: ["E08000014"]);
        var stored = await app.WithDbAsync(db => db.ApiKeys.AsNoTracking().ToListAsync());

        Assert.NotEqual(first, second);
        Assert.True(Convert.FromBase64String(first[4..].Replace('-', '+').Replace('_', '/') + "=").Length >= 32);
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(first));
        Assert.Single(stored, k => k.Hash.AsSpan().SequenceEqual(hash));
        Assert.All(stored, k =>
        {
            Assert.Equal(32, k.Hash.Length);
            Assert.True(k.Prefix.Length < first.Length / 3, "the stored prefix must be a small part of the key");
            Assert.DoesNotContain(first, k.Name);
        });
    }

    [Fact]
    public async Task The_keys_command_creates_a_working_admin_key_and_prints_it_once()
    {
        using var output = new StringWriter();
        var exit = await KeysCommand.RunAsync(app.Services, ["keys", "create", "--role", "admin", "--name", "First admin"], output, TextWriter.Null);
        var secret = output.ToString().Trim().Split('\n')[^1].Trim();
        var organisation = await AnOrganisationAsync(app);

        using var response = await app.ClientWithKey(secret).PostAsync("/api/v1/assets", Json(AWalk(organisation.Id)));

        Assert.Equal(0, exit);
        Assert.StartsWith(ApiKeys.KeyPrefix, secret);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task The_keys_command_refuses_organisations_and_areas_that_do_not_exist_as_the_api_does()
    {
        var organisation = await AnOrganisationAsync(app);
        var unknown = Guid.NewGuid();
        var name = $"CLI curator {Guid.NewGuid():N}";
        using var refusals = new StringWriter();

        var missingOrganisation = await KeysCommand.RunAsync(app.Services,
            ["keys", "create", "--role", "curator", "--name", name, "--organisation", organisation.Id.ToString(), "--organisation", unknown.ToString()], TextWriter.Null, refusals);
        var missingArea = await KeysCommand.RunAsync(app.Services, ["keys", "create", "--role", "curator", "--name", name, "--area", "E08999999"], TextWriter.Null, refusals);
        var notAnId = await KeysCommand.RunAsync(app.Services, ["keys", "create", "--role", "curator", "--name", name, "--organisation", "sefton"], TextWriter.Null, refusals);
        using var output = new StringWriter();
        var known = await KeysCommand.RunAsync(app.Services,
            ["keys", "create", "--role", "curator", "--name", name, "--organisation", organisation.Id.ToString(), "--area", "E08000039"], output, TextWriter.Null);

        Assert.Equal((2, 2, 2, 0), (missingOrganisation, missingArea, notAnId, known));
        var errors = refusals.ToString();
        Assert.Contains($"--organisation: '{unknown}' is not an organisation in this directory.", errors);
        Assert.Contains("--area: 'E08999999' is not an area code we hold", errors);
        Assert.Contains("--organisation 'sefton' is not an organisation id", errors);
        var stored = await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Name == name).ToListAsync());
        var key = Assert.Single(stored);
        Assert.Equal([organisation.Id], key.OrganisationIds);
        Assert.Equal(["E08000039"], key.AreaCodes);
    }

    [Fact]
    public async Task An_admin_creates_and_revokes_keys_over_the_api()
    {
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin));
        using var created = await admin.PostAsync("/api/v1/keys", Json(new System.Text.Json.Nodes.JsonObject { ["name"] = "Sefton CVS", ["role"] = "curator", ["area_codes"] = new System.Text.Json.Nodes.JsonArray("E08000014") }));
        var body = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = body.GetProperty("id").GetGuid();
        var secret = body.GetProperty("key").GetString()!;

        using var revoked = await admin.DeleteAsync($"/api/v1/keys/{id}");
        using var afterRevoke = await app.ClientWithKey(secret).PostAsync("/api/v1/keys", Json(new System.Text.Json.Nodes.JsonObject()));
        using var curatorTriesKeys = await app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, areas: ["E08000014"])).DeleteAsync($"/api/v1/keys/{id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await afterRevoke.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await curatorTriesKeys.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
