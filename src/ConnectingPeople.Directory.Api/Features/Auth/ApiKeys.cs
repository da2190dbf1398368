using System.Security.Cryptography;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Auth;

/// <summary>Creates, checks and revokes API keys. A key is "cpd_" + 43 base64url characters (256 random bits).</summary>
public sealed class ApiKeys(DirectoryDbContext db, TimeProvider clock)
{
    public const string KeyPrefix = "cpd_";
    private const int PrefixLength = 12;

    public sealed record Created(ApiKey Key, string Secret);

    public async Task<Created> CreateAsync(string name, string role, Guid[] organisations, string[] areas, CancellationToken ct, string? team = null)
    {
        var secret = KeyPrefix + Secrets.NewToken();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(), Name = name, Role = role, Prefix = secret[..PrefixLength], Hash = Secrets.Hash(secret),
            OrganisationIds = organisations, AreaCodes = areas, Team = team, CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new Created(key, secret);
    }

    /// <summary>The live key matching a presented secret, or null. The hashes are compared in constant time.</summary>
    public async Task<ApiKey?> FindAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(KeyPrefix, StringComparison.Ordinal) || secret.Length < PrefixLength + 8 || secret.Length > 100) return null;
        var candidate = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == secret.Substring(0, PrefixLength) && k.RevokedAt == null, ct);
        return candidate is not null && CryptographicOperations.FixedTimeEquals(candidate.Hash, Secrets.Hash(secret)) ? candidate : null;
    }

    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct) =>
        await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, clock.GetUtcNow()), ct) > 0;
}
