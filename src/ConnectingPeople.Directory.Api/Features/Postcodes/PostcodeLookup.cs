using ConnectingPeople.Directory.Api.Data;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace ConnectingPeople.Directory.Api.Features.Postcodes;

/// <summary>Where a postcode resolved to, and at which level (the exact postcode, else its sector, else its district).</summary>
public sealed record ResolvedPostcode(
    ParsedPostcode Query, PostcodeLevel Match, string MatchedCode, Point Point, string? LocalAuthorityCode, string? WardCode);

public sealed class PostcodeLookup(DirectoryDbContext db)
{
    public async Task<ResolvedPostcode?> ResolveAsync(ParsedPostcode query, CancellationToken ct)
    {
        if (query.Full is { } full)
        {
            var code = full.Replace(" ", "");
            var exact = await db.Postcodes.AsNoTracking().Where(p => p.Code == code)
                .Select(p => new { p.Display, p.Point, p.LocalAuthorityCode, p.WardCode }).FirstOrDefaultAsync(ct);
            if (exact is not null)
                return new ResolvedPostcode(query, PostcodeLevel.Postcode, exact.Display, exact.Point, exact.LocalAuthorityCode, exact.WardCode);
        }
        if (query.Sector is { } sectorCode)
        {
            var sector = await db.PostcodeSectors.AsNoTracking().Where(s => s.Code == sectorCode)
                .Select(s => new { s.Point, s.LocalAuthorityCode }).FirstOrDefaultAsync(ct);
            if (sector is not null)
                return new ResolvedPostcode(query, PostcodeLevel.Sector, sectorCode, sector.Point, sector.LocalAuthorityCode, null);
        }
        var district = await db.PostcodeDistricts.AsNoTracking().Where(d => d.Code == query.District)
            .Select(d => new { d.Point, d.LocalAuthorityCode }).FirstOrDefaultAsync(ct);
        return district is null
            ? null
            : new ResolvedPostcode(query, PostcodeLevel.District, query.District, district.Point, district.LocalAuthorityCode, null);
    }
}
