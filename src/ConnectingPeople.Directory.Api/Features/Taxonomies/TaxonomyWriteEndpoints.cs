using System.Security.Claims;
using System.Text.RegularExpressions;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Curation;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Taxonomies;

/// <summary>A term as an admin writes it.</summary>
/// <param name="Code">New terms only: lower case letters, digits and underscores, starting with a letter (never changes).</param>
/// <param name="Name">The term's name, at most 200 characters.</param>
/// <param name="Description">What the term covers, at most 1000 characters.</param>
/// <param name="ParentCode">The code of the broader term in the same vocabulary, when it has one.</param>
/// <param name="Synonyms">Other words for it that free-text search matches: at most 30, each 1 to 100 characters.</param>
public sealed record TermWrite(string? Code, string? Name, string? Description = null, string? ParentCode = null, string[]? Synonyms = null);

/// <summary>Admins add terms to a vocabulary and rename them or change their synonyms. Terms are never removed: listings point at them.</summary>
public static partial class TaxonomyWriteEndpoints
{
    [GeneratedRegex("^[a-z][a-z0-9_]{1,62}$")]
    private static partial Regex CodePattern();

    public static WebApplication MapTaxonomyWrites(this WebApplication app)
    {
        var group = app.MapResource("/api/v1/taxonomies").MapGroup("/{vocabulary}/terms").WithTags("Taxonomies").RequireAuthorization(AuthSetup.AdminPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", Create).WithName("CreateTaxonomyTerm").WithSummary("Add a term to a vocabulary (admin)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{code}", Update).WithName("UpdateTaxonomyTerm").WithSummary("Rename a term or change its description and synonyms (admin)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <param name="vocabulary">A vocabulary code: interests, audiences, accessibility or kinds.</param>
    private static async Task<Results<Created<TermNode>, ValidationProblem, ProblemHttpResult>> Create(
        string vocabulary, TermWrite body, DirectoryDbContext db, AuditLog audit, TermCatalogue catalogue, ClaimsPrincipal user, CancellationToken ct)
    {
        var vocab = await db.Vocabularies.FirstOrDefaultAsync(v => v.Code == vocabulary, ct);
        if (vocab is null) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Vocabulary not found", detail: $"There is no vocabulary '{vocabulary}'.");
        var validation = Validate(body, requireCode: true);
        TaxonomyTerm? parent = null;
        if (body.ParentCode is { } parentCode && (parent = await db.TaxonomyTerms.FirstOrDefaultAsync(t => t.VocabularyId == vocab.Id && t.Code == parentCode, ct)) is null)
            validation.Add("parent_code", $"'{parentCode}' is not a term in {vocabulary}.");
        if (!validation.IsValid) return Problems.Invalid(validation);
        if (await db.TaxonomyTerms.AnyAsync(t => t.VocabularyId == vocab.Id && t.Code == body.Code, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Term exists", detail: $"{vocabulary} already has a term '{body.Code}'.");

        var term = new TaxonomyTerm
        {
            Id = Data.Seed.TaxonomyLoader.TermId(vocabulary, body.Code!), VocabularyId = vocab.Id, Code = body.Code!, Name = body.Name!.Trim(),
            Description = body.Description, ParentId = parent?.Id, Path = (parent?.Path ?? "") + body.Code + "/", Synonyms = body.Synonyms ?? [],
        };
        db.TaxonomyTerms.Add(term);
        await audit.SaveAsync("taxonomy_term", term.Id, "created", user.Actor(), null, body, ct);
        catalogue.Forget();
        return TypedResults.Created($"/api/v1/taxonomies/{vocabulary}/terms", new TermNode(term.Id, term.Code, term.Name, term.Description, term.Synonyms, []));
    }

    /// <param name="vocabulary">A vocabulary code: interests, audiences, accessibility or kinds.</param>
    /// <param name="code">The term's code.</param>
    private static async Task<Results<Ok<TermNode>, ValidationProblem, ProblemHttpResult>> Update(
        string vocabulary, string code, TermWrite body, DirectoryDbContext db, AuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var term = await db.TaxonomyTerms.FirstOrDefaultAsync(t => t.Vocabulary.Code == vocabulary && t.Code == code, ct);
        if (term is null) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Term not found", detail: $"{vocabulary} has no term '{code}'.");
        var validation = Validate(body, requireCode: false);
        if (body.Code is not null && body.Code != code) validation.Add("code", "cannot change: listings and other directories refer to it.");
        if (body.ParentCode is not null) validation.Add("parent_code", "cannot change here: moving a term would move its descendants too.");
        if (!validation.IsValid) return Problems.Invalid(validation);

        var before = new TermWrite(term.Code, term.Name, term.Description, null, term.Synonyms);
        (term.Name, term.Description, term.Synonyms) = (body.Name!.Trim(), body.Description, body.Synonyms ?? []);
        // Listings carrying the term are found by its new name and synonyms from now on.
        await audit.SaveAsync("taxonomy_term", term.Id, "updated", user.Actor(), before, body, ct, async () =>
        {
            var ids = await db.Set<AssetTerm>().Where(t => t.TermId == term.Id).Select(t => t.AssetId).ToListAsync(ct);
            await AssetSearchDocument.RefreshAsync(db, ids, ct);
        });
        return TypedResults.Ok(new TermNode(term.Id, term.Code, term.Name, term.Description, term.Synonyms, []));
    }

    private static Validation Validate(TermWrite body, bool requireCode)
    {
        var v = new Validation();
        if (requireCode && (body.Code is null || !CodePattern().IsMatch(body.Code))) v.Add("code", "is required: lower case letters, digits and underscores, starting with a letter.");
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200) v.Add("name", "is required, at most 200 characters.");
        if (body.Description is { Length: > 1000 }) v.Add("description", "must be at most 1000 characters.");
        if (body.Synonyms is { } synonyms && (synonyms.Length > 30 || synonyms.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > 100)))
            v.Add("synonyms", "at most 30, each 1 to 100 characters.");
        return v;
    }
}
