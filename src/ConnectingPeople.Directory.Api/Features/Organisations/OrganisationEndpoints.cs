using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Features.Shared;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Organisations;

/// <summary>An organisation, with how many listings it runs.</summary>
public sealed class OrganisationDetail
{
    /// <summary>The organisation's id.</summary>
    public Guid Id { get; init; }
    /// <summary>The organisation's name.</summary>
    public required string Name { get; init; }
    /// <summary>What it does, when written.</summary>
    public string? Description { get; init; }
    /// <summary>Its website, when recorded.</summary>
    public string? Website { get; init; }
    /// <summary>A contact email address, when published.</summary>
    public string? Email { get; init; }
    /// <summary>A contact phone number, when published.</summary>
    public string? Phone { get; init; }
    /// <summary>How many listings it runs.</summary>
    public int AssetCount { get; init; }
    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public uint Version { get; init; }
}

public static class OrganisationEndpoints
{
    private static readonly TypeAdapterConfig Projection = CreateProjection();

    public static WebApplication MapOrganisations(this WebApplication app)
    {
        var group = app.MapResource("/api/v1/organisations").MapGroup("").WithTags("Organisations");
        group.MapGet("/", ListOrganisations)
            .WithName("ListOrganisations")
            .WithSummary("List organisations that run listings, by name")
            .ProducesValidationProblem();
        group.MapGet("/{id}", GetOrganisation)
            .WithName("GetOrganisation").WithMetadata(new ConditionalRead())
            .WithSummary("Get an organisation")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<Page<OrganisationDetail>>, ValidationProblem, ProblemHttpResult>> ListOrganisations(
        [AsParameters] PagingParameters paging, DirectoryDbContext db, HttpContext http, ReadPath path, MemoryReads memory, CancellationToken ct)
    {
        var validation = new Validation();
        var request = paging.ToRequest(validation);
        if (!validation.IsValid) return Problems.Invalid(validation);
        var fromMemory = path.ServesReads(http.Request);
        ReadPath.Mark(http.Response, fromMemory);
        if (fromMemory)
        {
            var (held, total) = memory.Organisations(request);
            if (request.Number > 1 && request.Skip >= total) return Problems.PageOutOfRange(request, total).ToResult();
            return TypedResults.Ok(Page<OrganisationDetail>.Of([.. held.Select(o => memory.Organisation(o.Id)).OfType<OrganisationDetail>()], total, request));
        }
        // Names in code point order whatever the database's collation, as the read model orders them (CodePointOrder).
        var page = await db.Organisations.AsNoTracking().OrderBy(o => EF.Functions.Collate(o.Name, "C")).ThenBy(o => o.Id)
            .ProjectToType<OrganisationDetail>(Projection).ToPageAsync(request, ct);
        return page.Page is { } ok ? TypedResults.Ok(ok) : page.Problem!.ToResult();
    }

    private static async Task<Results<Ok<OrganisationDetail>, ProblemHttpResult>> GetOrganisation(
        Guid id, DirectoryDbContext db, HttpContext http, ReadPath path, MemoryReads memory, CancellationToken ct)
    {
        var held = path.ServesReads(http.Request) ? memory.Organisation(id) : null;
        ReadPath.Mark(http.Response, held is not null);
        var organisation = held ?? await db.Organisations.AsNoTracking().Where(o => o.Id == id)
            .ProjectToType<OrganisationDetail>(Projection).FirstOrDefaultAsync(ct);
        if (organisation is null) return Problems.NotFound("Organisation", id);
        http.Response.Headers.ETag = $"\"{organisation.Version}\"";
        return TypedResults.Ok(organisation);
    }

    private static TypeAdapterConfig CreateProjection()
    {
        var config = new TypeAdapterConfig();
        config.NewConfig<Organisation, OrganisationDetail>().Map(d => d.AssetCount, s => s.Assets.Count(a => a.DeletedAt == null));
        return config;
    }
}
