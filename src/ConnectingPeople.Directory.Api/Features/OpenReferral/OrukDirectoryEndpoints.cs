using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.OpenReferral;

public static partial class OpenReferralEndpoints
{
    private static void MapOrganizations(RouteGroupBuilder group)
    {
        group.MapGet("/organizations", ListOrganizations).WithName("OrukListOrganizations").WithSummary("ORUK: organizations, by name")
            .Produces<OrukPage<OrukOrganization>>().ProducesValidationProblem();
        group.MapGet("/organizations/{id}", GetOrganization).WithName("OrukGetOrganization")
            .WithSummary("ORUK: one organization with its services").Produces<OrukOrganization>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListOrganizations([AsParameters] PagingParameters paging, DirectoryDbContext db, ReadPath path,
        MemoryReads memory, HttpContext http, CancellationToken ct)
    {
        var validation = new Validation();
        var page = paging.ToRequest(validation);
        if (!validation.IsValid) return Problems.Invalid(validation);
        var fromMemory = path.ServesReads(http.Request);
        ReadPath.Mark(http.Response, fromMemory);
        if (fromMemory)
        {
            var (held, heldTotal) = memory.Organisations(page);
            return Ok(ToPage([.. held.Select(o => OrukMapper.ToOrganization(o))], heldTotal, page));
        }
        // Names in code point order whatever the database's collation, as the read model orders them (CodePointOrder).
        var organisations = db.Organisations.AsNoTracking().OrderBy(o => EF.Functions.Collate(o.Name, "C")).ThenBy(o => o.Id);
        var total = await organisations.CountAsync(ct);
        var contents = await organisations.Skip(page.Skip).Take(page.Size).ToListAsync(ct);
        return Ok(ToPage([.. contents.Select(o => OrukMapper.ToOrganization(o))], total, page));
    }

    private static async Task<IResult> GetOrganization(Guid id, DirectoryDbContext db, CancellationToken ct)
    {
        var organisation = await db.Organisations.AsNoTracking().Include(o => o.Assets).ThenInclude(a => a.Contacts)
            .FirstOrDefaultAsync(o => o.Id == id, ct);
        return organisation is null
            ? Problems.NotFound("Organization", id)
            : Ok(OrukMapper.ToOrganization(organisation, [.. organisation.Assets.OrderBy(a => a.Name).Select(OrukMapper.ToServiceSummary)]));
    }

    private static void MapTaxonomies(RouteGroupBuilder group)
    {
        group.MapGet("/taxonomies", ListTaxonomies).WithName("OrukListTaxonomies").WithSummary("ORUK: the taxonomies (our vocabularies)")
            .Produces<OrukPage<OrukTaxonomy>>().ProducesValidationProblem();
        group.MapGet("/taxonomies/{id}", GetTaxonomy).WithName("OrukGetTaxonomy").WithSummary("ORUK: one taxonomy with its terms")
            .Produces<OrukTaxonomy>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/taxonomy_terms", ListTaxonomyTerms).WithName("OrukListTaxonomyTerms")
            .WithSummary("ORUK: taxonomy terms, optionally of one taxonomy (taxonomy_id)")
            .Produces<OrukPage<OrukTaxonomyTerm>>().ProducesValidationProblem();
        group.MapGet("/taxonomy_terms/{id}", GetTaxonomyTerm).WithName("OrukGetTaxonomyTerm").WithSummary("ORUK: one taxonomy term")
            .Produces<OrukTaxonomyTerm>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListTaxonomies([AsParameters] PagingParameters paging, DirectoryDbContext db, CancellationToken ct)
    {
        var validation = new Validation();
        var page = paging.ToRequest(validation);
        if (!validation.IsValid) return Problems.Invalid(validation);
        var vocabularies = db.Vocabularies.AsNoTracking().OrderBy(v => v.Code);
        var total = await vocabularies.CountAsync(ct);
        var contents = await vocabularies.Skip(page.Skip).Take(page.Size)
            .Select(v => new OrukTaxonomy(v.Id, v.Name, v.Description ?? v.Name, "1", null)).ToListAsync(ct);
        return Ok(ToPage(contents, total, page));
    }

    private static async Task<IResult> GetTaxonomy(Guid id, DirectoryDbContext db, CancellationToken ct)
    {
        var vocabulary = await db.Vocabularies.AsNoTracking().Include(v => v.Terms).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (vocabulary is null) return Problems.NotFound("Taxonomy", id);
        var terms = vocabulary.Terms.OrderBy(t => t.Path).Select(OrukMapper.ToTerm).ToList();
        return Ok(new OrukTaxonomy(vocabulary.Id, vocabulary.Name, vocabulary.Description ?? vocabulary.Name, "1", terms));
    }

    /// <param name="taxonomyId">Only terms of this taxonomy.</param>
    private static async Task<IResult> ListTaxonomyTerms([AsParameters] PagingParameters paging,
        [FromQuery(Name = "taxonomy_id")] Guid? taxonomyId, DirectoryDbContext db, CancellationToken ct)
    {
        var validation = new Validation();
        var page = paging.ToRequest(validation);
        if (!validation.IsValid) return Problems.Invalid(validation);
        var terms = db.TaxonomyTerms.AsNoTracking().Include(t => t.Vocabulary).AsQueryable();
        if (taxonomyId is { } vocabularyId) terms = terms.Where(t => t.VocabularyId == vocabularyId);
        var total = await terms.CountAsync(ct);
        var contents = await terms.OrderBy(t => t.Vocabulary.Code).ThenBy(t => t.Path).Skip(page.Skip).Take(page.Size).ToListAsync(ct);
        return Ok(ToPage([.. contents.Select(OrukMapper.ToTerm)], total, page));
    }

    private static async Task<IResult> GetTaxonomyTerm(Guid id, DirectoryDbContext db, CancellationToken ct)
    {
        var term = await db.TaxonomyTerms.AsNoTracking().Include(t => t.Vocabulary).FirstOrDefaultAsync(t => t.Id == id, ct);
        return term is null ? Problems.NotFound("Taxonomy term", id) : Ok(OrukMapper.ToTerm(term));
    }
}
