using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using static ConnectingPeople.Directory.Api.Tests.Features.Curation.CurationBodies;

namespace ConnectingPeople.Directory.Api.Tests.Features.Transfer;

/// <summary>What a CSV names that the importer can't resolve one way is a problem the curator can act on, never a 500.</summary>
public sealed class ImportNamingTests(DirectoryApp app) : IClassFixture<DirectoryApp>
{
    [Fact]
    public async Task Organisations_whose_names_differ_only_in_case_are_a_row_error_for_the_rows_naming_them_and_others_still_import()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await AnOrganisationAsync(app, $"Case twins {suffix}");
        await AnOrganisationAsync(app, $"CASE TWINS {suffix}");
        var other = await AnOrganisationAsync(app, $"Only one {suffix}");
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin, []));
        var csv = "external_id,organisation,name,delivery_modes\r\n" +
            $"twin-{suffix},case twins {suffix},A group,online\r\n" +
            $"single-{suffix},{other.Name},Another group,online\r\n";

        using var refused = await admin.PostAsync("/api/v1/imports", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        // Only the row naming the twins is in error (row 2; the header is row 1).
        var root = JsonNode.Parse(body)!;
        var errors = (root["report"] ?? root)["rows"]!.AsArray().Where(r => r!["errors"]!.AsArray().Count > 0)
            .ToDictionary(r => (int)r!["row"]!, r => string.Join(" ", r!["errors"]!.AsArray().Select(e => (string?)e)));
        Assert.Equal([2], errors.Keys);
        Assert.Contains("names more than one organisation", errors[2]);

        // Without the ambiguous row, the same file imports.
        using var imported = await admin.PostAsync("/api/v1/imports", new StringContent(string.Join("\r\n", csv.Split("\r\n").Where(l => !l.StartsWith("twin-"))), Encoding.UTF8, "text/csv"));
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_header_naming_a_column_twice_is_a_400_naming_it()
    {
        var organisation = await AnOrganisationAsync(app, $"Header org {Guid.NewGuid():N}");
        var admin = app.ClientWithKey(await app.CreateKeyAsync(Roles.Admin, []));
        var csv = $"external_id,organisation,name,name\r\nx-1,{organisation.Name},One,Two\r\n";

        using var response = await admin.PostAsync("/api/v1/imports", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("the header names name more than once", await response.Content.ReadAsStringAsync());
    }
}
