using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Curation;

/// <summary>
/// Walks every write operation in openapi/openapi.json with a curator key of one organisation against another
/// organisation's records: each must answer 403 or 404 (an import: a row error), and nothing may change. A new write
/// endpoint fails here until someone decides, in <see cref="Bodies"/>, what that curator should get.
/// </summary>
public sealed class EveryWriteIsScopedTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    private static readonly string DocumentPath = Path.Combine(Path.GetDirectoryName(TestDatabases.SeedDataDirectory)!, "openapi", "openapi.json");

    /// <summary>Writes that touch no organisation's records, so any curator may make them.</summary>
    private static readonly Dictionary<string, string> Unowned = new()
    {
        ["ReportProblem"] = "anyone may report a problem with a listing; it changes nothing but the curators' queue",
        ["CreateLocation"] = "a new venue is nobody's until a listing uses it, and then changing it needs scope over that listing",
    };

    private sealed record Victim(Organisation Organisation, Guid Listing, Guid Venue, Guid Feedback);

    private static JsonNode? Bodies(string operationId, Victim v) => operationId switch
    {
        "CreateAsset" => AWalk(v.Organisation.Id, "Planted"),
        "ReplaceAsset" => AWalk(v.Organisation.Id, "Hijacked"),
        "PatchAsset" or "PatchOrganisation" or "PatchLocation" => new JsonObject { ["name"] = "Hijacked" },
        "VerifyAsset" => new JsonObject { ["method"] = "phone" },
        "ReplaceOrganisation" or "CreateOrganisation" => new JsonObject { ["name"] = "Hijacked" },
        "ReplaceLocation" => new JsonObject { ["name"] = "Hijacked", ["postcode"] = "S1 2JA" },
        "ResolveFeedback" or "DismissFeedback" => new JsonObject { ["note"] = "Closed by someone else" },
        "CreateKey" => new JsonObject { ["name"] = "Escalated", ["role"] = "admin" },
        "CreateShortlist" => new JsonObject { ["items"] = new JsonArray(new JsonObject { ["asset_id"] = v.Listing.ToString() }) },
        "CreateSignpost" => new JsonObject { ["asset_id"] = v.Listing.ToString(), ["support"] = "none" },
        "RecordSignpostOutcome" => new JsonObject { ["outcome"] = "attended" },
        "CreateTaxonomyTerm" => new JsonObject { ["code"] = "hijack", ["name"] = "Hijack" },
        "UpdateTaxonomyTerm" => new JsonObject { ["name"] = "Hijacked" },
        "DeleteAsset" or "RestoreAsset" or "DeleteOrganisation" or "DeleteLocation" or "RevokeKey" or "ImportAssets" => null,
        _ => throw new InvalidOperationException($"{operationId} is a write operation this test does not know: add what an out-of-scope curator sends to it in Bodies."),
    };

    private static string Fill(string path, Victim v) => path
        .Replace("/assets/{id}", $"/assets/{v.Listing}").Replace("/organisations/{id}", $"/organisations/{v.Organisation.Id}")
        .Replace("/locations/{id}", $"/locations/{v.Venue}").Replace("/feedback/{id}", $"/feedback/{v.Feedback}")
        .Replace("{vocabulary}", "interests").Replace("{code}", "health_walks").Replace("{id}", Guid.NewGuid().ToString());

    private async Task<string?> ETagAsync(string path)
    {
        if (!path.StartsWith("/api/v1/assets/", StringComparison.Ordinal) && !path.StartsWith("/api/v1/organisations/", StringComparison.Ordinal)
            && !path.StartsWith("/api/v1/locations/", StringComparison.Ordinal)) return null;
        var resource = string.Join('/', path.Split('/').Take(5));
        using var response = await app.CreateClient().GetAsync(resource);
        return response.Headers.ETag?.Tag;
    }

    [Fact]
    public async Task Every_write_operation_refuses_a_curator_of_another_organisation()
    {
        var theirs = await AnOrganisationAsync(app, "Walked organisation");
        var owner = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [theirs.Id]));
        var (listing, _) = await CreateAsync(owner, AWalk(theirs.Id, "Their listing"));
        var listingId = listing.GetProperty("id").GetGuid();
        using var reported = await app.CreateClient().PostAsync("/api/v1/feedback", Json(new JsonObject { ["asset_id"] = listingId.ToString(), ["kind"] = "wrong_time" }));
        var victim = new Victim(theirs, listingId, listing.GetProperty("locations")[0].GetProperty("id").GetGuid(),
            JsonDocument.Parse(await reported.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
        var mine = await AnOrganisationAsync(app, "Walking organisation");
        var attacker = app.ClientWithKey(await app.CreateKeyAsync(Roles.Curator, [mine.Id]));

        var document = JsonNode.Parse(await File.ReadAllTextAsync(DocumentPath))!;
        var walked = new List<string>();
        var failures = new List<string>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                if (method is not ("post" or "put" or "patch" or "delete")) continue;
                var operationId = operation!["operationId"]!.GetValue<string>();
                if (Unowned.ContainsKey(operationId)) continue;
                var url = Fill(path, victim);
                var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
                if (operationId == "ImportAssets")
                {
                    request.Content = new StringContent($"external_id,organisation,name,delivery_modes\r\n{listingId},{theirs.Name},Hijacked,phone\r\n", Encoding.UTF8, "text/csv");
                }
                else if (Bodies(operationId, victim) is { } body)
                {
                    request.Content = method == "patch" ? MergePatch(body) : Json(body);
                }
                if (await ETagAsync(url) is { } etag) request.Headers.TryAddWithoutValidation("If-Match", etag);

                using var response = await attacker.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var refused = operationId == "ImportAssets"
                    ? response.StatusCode == HttpStatusCode.UnprocessableEntity && text.Contains("outside your scope", StringComparison.Ordinal)
                    : response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
                walked.Add(operationId);
                if (!refused) failures.Add($"{method.ToUpperInvariant()} {path} ({operationId}) answered {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
            }
        }
        var after = await app.WithDbAsync(db => db.Assets.IgnoreQueryFilters().Include(a => a.Locations).ThenInclude(l => l.Location).SingleAsync(a => a.Id == listingId));
        var organisation = await app.WithDbAsync(db => db.Organisations.SingleAsync(o => o.Id == theirs.Id));

        Assert.Empty(failures);
        Assert.Contains("ImportAssets", walked);
        Assert.Contains("PatchLocation", walked);
        Assert.Equal(("Their listing", (DateTimeOffset?)null, "Walked organisation"), (after.Name, after.DeletedAt, organisation.Name));
        Assert.Equal(listing.GetProperty("locations")[0].GetProperty("name").GetString(), after.Locations[0].Location.Name);
        Assert.Equal(0, await app.WithDbAsync(db => db.Assets.CountAsync(a => a.OrganisationId == theirs.Id && a.Name == "Planted")));
    }
}
