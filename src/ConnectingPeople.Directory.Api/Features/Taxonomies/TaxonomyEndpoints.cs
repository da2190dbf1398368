using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Taxonomies;

public sealed record VocabularySummary(Guid Id, string Code, string Name, string? Description, int TermCount);

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
