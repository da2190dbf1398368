using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Taxonomies;

/// <summary>A vocabulary.</summary>
/// <param name="Id">The vocabulary's id.</param>
/// <param name="Code">interests, audiences, accessibility or kinds: the {vocabulary} of the terms URL.</param>
/// <param name="Name">The vocabulary's name.</param>
/// <param name="Description">What it classifies.</param>
/// <param name="TermCount">How many terms it has.</param>
public sealed record VocabularySummary(Guid Id, string Code, string Name, string? Description, int TermCount);

/// <summary>A term with its narrower terms.</summary>
/// <param name="Id">The term's id.</param>
/// <param name="Code">The term's code, as filters and writes take it.</param>
/// <param name="Name">The term's name.</param>
/// <param name="Description">What the term covers.</param>
/// <param name="Synonyms">Other words for it that free-text search matches.</param>
/// <param name="Children">Its narrower terms (a search for this term matches them too).</param>
public sealed record TermNode(Guid Id, string Code, string Name, string? Description, string[] Synonyms, IReadOnlyList<TermNode> Children);

public static class TaxonomyEndpoints
{
    public static WebApplication MapTaxonomies(this WebApplication app)
    {
        var group = app.MapResource("/api/v1/taxonomies").WithTags("Taxonomies");
        group.MapGet("/", ListVocabularies)
            .WithName("ListTaxonomies")
            .WithSummary("List the vocabularies: interests, audiences, accessibility features and asset kinds");
        group.MapGet("/{vocabulary}/terms", GetTerms)
            .WithName("GetTaxonomyTerms")
            .WithSummary("Get a vocabulary's terms as a tree, with synonyms")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<List<VocabularySummary>>> ListVocabularies(DirectoryDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Vocabularies.AsNoTracking().OrderBy(v => v.Code)
            .Select(v => new VocabularySummary(v.Id, v.Code, v.Name, v.Description, v.Terms.Count))
            .ToListAsync(ct));

    /// <param name="vocabulary">A vocabulary code: interests, audiences, accessibility or kinds.</param>
    private static async Task<Results<Ok<IReadOnlyList<TermNode>>, ProblemHttpResult>> GetTerms(
        string vocabulary, DirectoryDbContext db, CancellationToken ct)
    {
        var terms = await db.TaxonomyTerms.AsNoTracking().Where(t => t.Vocabulary.Code == vocabulary).OrderBy(t => t.Name).ToListAsync(ct);
        if (terms.Count == 0)
        {
            var known = await db.Vocabularies.AsNoTracking().OrderBy(v => v.Code).Select(v => v.Code).ToListAsync(ct);
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Vocabulary not found",
                detail: $"There is no vocabulary '{vocabulary}'. Known vocabularies: {string.Join(", ", known)}.");
        }

        var byParent = terms.ToLookup(t => t.ParentId);
        IReadOnlyList<TermNode> Children(Guid? parent) =>
            [.. byParent[parent].Select(t => new TermNode(t.Id, t.Code, t.Name, t.Description, t.Synonyms, Children(t.Id)))];
        return TypedResults.Ok(Children(null));
    }
}
