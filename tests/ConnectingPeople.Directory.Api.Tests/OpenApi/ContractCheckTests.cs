using ConnectingPeople.Directory.Api.Tests.Infrastructure;

namespace ConnectingPeople.Directory.Api.Tests.OpenApi;

/// <summary>The check every test host runs on every response (<see cref="Contract"/>) does catch what Prism catches.</summary>
public sealed class ContractCheckTests
{
    private const string Listing = "/api/v1/assets/5f0c7b44-8f43-4f0e-9d4a-1f3c2b1a0e77";

    [Fact]
    public void An_undocumented_status_is_a_violation() =>
        Assert.Contains("status 418 is not documented", Contract.Check("GET", Listing, 418, "application/problem+json", "{}"));

    [Fact]
    public void An_undocumented_media_type_is_a_violation() =>
        Assert.Contains("media type text/csv is not documented", Contract.Check("GET", Listing, 200, "text/csv", "id\r\n"));

    [Fact]
    public void A_body_its_schema_rejects_is_a_violation() =>
        Assert.Contains("does not match its schema", Contract.Check("GET", Listing, 200, "application/json", """{"id": 5}"""));

    [Fact]
    public void A_problem_that_fits_the_problem_schema_conforms() =>
        Assert.Null(Contract.Check("GET", Listing, 404, "application/problem+json; charset=utf-8", """{"status": 404, "title": "Listing not found"}"""));

    [Fact]
    public void Paths_outside_the_document_are_not_checked() =>
        Assert.Null(Contract.Check("GET", "/health/ready", 200, "text/plain", "Healthy"));
}
