using ConnectingPeople.Directory.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>A term's id, code, vocabulary and path: what search needs to resolve codes and descendants.</summary>
public sealed record TermRow(Guid Id, string Code, string Vocabulary, string Path);

/// <summary>
/// The taxonomy's codes and paths, read once and kept for a minute: search resolves codes on every request and the
/// taxonomy changes only when an admin adds a term. Adding one here forgets the copy at once; another instance behind
/// the same load balancer sees the new term within <see cref="Lifetime"/> (codes and paths never change once made).
/// </summary>
public sealed class TermCatalogue(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private (IReadOnlyList<TermRow> Terms, DateTimeOffset Read)? _copy;

    public async Task<IReadOnlyList<TermRow>> TermsAsync(DirectoryDbContext db, CancellationToken ct)
    {
        if (_copy is { } copy && clock.GetUtcNow() - copy.Read < Lifetime) return copy.Terms;
        var terms = await db.TaxonomyTerms.AsNoTracking().Select(t => new TermRow(t.Id, t.Code, t.Vocabulary.Code, t.Path)).ToListAsync(ct);
        _copy = (terms, clock.GetUtcNow());
        return terms;
    }

    public void Forget() => _copy = null;
}
