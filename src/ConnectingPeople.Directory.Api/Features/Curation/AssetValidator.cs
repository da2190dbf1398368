using System.Text.RegularExpressions;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Postcodes;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Location = ConnectingPeople.Directory.Api.Data.Entities.Location;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>A write that passed validation, with codes resolved to ids and new venues placed.</summary>
public sealed record ValidAssetWrite(AssetWrite Write, Guid? KindId, IReadOnlyList<Guid> TermIds, IReadOnlyList<Location> Venues, IReadOnlyDictionary<string, string> AreaNames);

/// <summary>Checks a listing field by field and reports every problem at once, named by its path ("schedules[1].end").</summary>
public sealed partial class AssetValidator(DirectoryDbContext db, PostcodeLookup postcodes)
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguagePattern();

    private sealed record TermCode(Guid Id, string Code, string Vocabulary);

    private List<TermCode>? _terms;

    // Per request, like the terms: an import checks thousands of listings against the same organisations, areas and postcodes.
    private readonly HashSet<Guid> _organisations = [];
    private readonly Dictionary<string, string?> _areaNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResolvedPostcode?> _postcodes = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Location> _venues = [];

    public async Task<(ValidAssetWrite? Valid, Validation Validation)> ValidateAsync(AssetWrite w, CancellationToken ct)
    {
        var v = new Validation();
        if (w.OrganisationId is not { } organisationId) v.Add("organisation_id", "is required.");
        else if (!_organisations.Contains(organisationId))
        {
            if (await db.Organisations.AnyAsync(o => o.Id == organisationId, ct)) _organisations.Add(organisationId);
            else v.Add("organisation_id", "is not an organisation in this directory.");
        }
        Text(v, "name", w.Name, 200, required: true);
        Text(v, "summary", w.Summary, 500);
        Text(v, "description", w.Description, 5000, multiline: true);
        Text(v, "newcomer_info", w.NewcomerInfo, 2000, multiline: true);
        Text(v, "external_id", w.ExternalId, 200);
        if (w.MinAge is < 0 or > 130) v.Add("min_age", "must be between 0 and 130.");
        if (w.MaxAge is < 0 or > 130) v.Add("max_age", "must be between 0 and 130.");
        if (w.MinAge > w.MaxAge) v.Add("max_age", "must not be below min_age.");
        if (w.Website is { } site && !ContactRules.IsWebsite(site)) v.Add("website", ContactRules.WebsiteMessage);
        for (var i = 0; i < w.Languages.Length; i++)
            if (!LanguagePattern().IsMatch(w.Languages[i] ?? "")) v.Add($"languages[{i}]", "must be a lower-case ISO 639 code such as en or pl.");
        if (w.DeliveryModes.Length == 0) v.Add("delivery_modes", "needs at least one of in_person, online, phone.");
        for (var i = 0; i < w.DeliveryModes.Length; i++)
            if (!DeliveryModes.All.Contains(w.DeliveryModes[i] ?? "")) v.Add($"delivery_modes[{i}]", "must be in_person, online or phone.");
        if (w.DeliveryModes.Contains(DeliveryModes.InPerson) && w.Venues.Length == 0) v.Add("venues", "an in-person listing needs at least one venue.");

        // Loaded once per request: an import validates many listings against the same vocabularies.
        var terms = _terms ??= await db.TaxonomyTerms.AsNoTracking().Select(t => new TermCode(t.Id, t.Code, t.Vocabulary.Code)).ToListAsync(ct);
        Guid? Term(string vocabulary, string? code, string path)
        {
            var id = terms.FirstOrDefault(t => t.Vocabulary == vocabulary && t.Code == code)?.Id;
            if (id is null) v.Add(path, $"'{code}' is not a term in the {vocabulary} vocabulary.");
            return id;
        }
        var kindId = w.Kind is null ? null : Term("kinds", w.Kind, "kind");
        var termIds = new List<Guid>();
        foreach (var (vocabulary, field, codes) in new[] { ("interests", "interests", w.Interests), ("audiences", "audiences", w.Audiences), ("accessibility", "accessibility", w.Accessibility) })
            for (var i = 0; i < codes.Length; i++)
                if (Term(vocabulary, codes[i], $"{field}[{i}]") is { } id) termIds.Add(id);

        for (var i = 0; i < w.Costs.Length; i++)
        {
            var c = w.Costs[i];
            if (c.Kind == CostKind.Fee && c.Amount is null) v.Add($"costs[{i}].amount", "is required for a fee.");
            if (c.Amount is < 0 or > 10_000) v.Add($"costs[{i}].amount", "must be between 0 and 10000.");
            Text(v, $"costs[{i}].description", c.Description, 200);
        }
        for (var i = 0; i < w.Contacts.Length; i++)
        {
            var c = w.Contacts[i];
            if (c.Email is { } email && !ContactRules.IsEmail(email)) v.Add($"contacts[{i}].email", ContactRules.EmailMessage);
            if (c.Phone is { } phone && !ContactRules.IsUkPhone(phone)) v.Add($"contacts[{i}].phone", ContactRules.PhoneMessage);
            Text(v, $"contacts[{i}].name", c.Name, 200);
            Text(v, $"contacts[{i}].role", c.Role, 200);
        }
        var areaCodes = w.ServiceAreas.Select(s => s.AreaCode).Where(c => c is not null && !_areaNames.ContainsKey(c)).Distinct().ToList();
        if (areaCodes.Count > 0)
        {
            var found = await db.Areas.AsNoTracking().Where(a => areaCodes.Contains(a.Code) && a.Boundary != null).Select(a => new { a.Code, a.Name }).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
            foreach (var code in areaCodes) _areaNames[code] = found.GetValueOrDefault(code);
        }
        var knownAreas = w.ServiceAreas.Select(s => s.AreaCode).Where(c => c is not null).Distinct().Where(c => _areaNames[c] is not null).ToDictionary(c => c, c => _areaNames[c]!);
        for (var i = 0; i < w.ServiceAreas.Length; i++)
            // A body may leave area_code out although the type says it is always there.
            if (w.ServiceAreas[i].AreaCode is null) v.Add($"service_areas[{i}].area_code", "is required: the GSS code of a ward or local authority, such as E08000039.");
            else if (!knownAreas.ContainsKey(w.ServiceAreas[i].AreaCode)) v.Add($"service_areas[{i}].area_code", "is not an area whose boundary we hold.");
        for (var i = 0; i < w.Schedules.Length; i++) Schedule(v, w.Schedules[i], i, w.Venues.Length);

        var venues = new List<Location>();
        for (var i = 0; i < w.Venues.Length; i++)
            if (await VenueAsync(v, w.Venues[i], i, ct) is { } venue) venues.Add(venue);

        return v.IsValid ? (new ValidAssetWrite(w, kindId, termIds.Distinct().ToList(), venues, knownAreas), v) : (null, v);
    }

    private static void Schedule(Validation v, ScheduleWrite s, int i, int venueCount)
    {
        var path = $"schedules[{i}]";
        if (s.End <= s.Start) v.Add($"{path}.end", "must be after start.");
        if (s.Frequency == ScheduleFrequency.Monthly && s.WeekOfMonth is not (1 or 2 or 3 or 4 or 5 or -1))
            v.Add($"{path}.week_of_month", "is required for a monthly session: 1 to 5, or -1 for the last.");
        if (s.Frequency != ScheduleFrequency.Monthly && s.WeekOfMonth is not null) v.Add($"{path}.week_of_month", "applies only to monthly sessions.");
        if (s.Frequency == ScheduleFrequency.Fortnightly && s.ValidFrom is null) v.Add($"{path}.valid_from", "is required for a fortnightly session: the date fortnights count from.");
        if (s.ValidUntil < s.ValidFrom) v.Add($"{path}.valid_until", "must not be before valid_from.");
        if (s.Venue is { } venue && (venue < 0 || venue >= venueCount)) v.Add($"{path}.venue", $"must be the position of one of the listing's {venueCount} venue(s), from 0.");
        Text(v, $"{path}.notes", s.Notes, 500, multiline: true);
    }

    /// <summary>One venue on its own (the locations endpoints): field names without a venues[i] prefix.</summary>
    /// <summary>
    /// Looks up many full postcodes in one query (an import, a batch of rows at a time), so validating their venues
    /// needs no query each. The same answers <see cref="PostcodeLookup.ResolveAsync"/> gives for a postcode that exists;
    /// one that does not is left to it.
    /// </summary>
    public async Task PrimePostcodesAsync(IEnumerable<string> texts, CancellationToken ct)
    {
        var wanted = new Dictionary<string, ParsedPostcode>(StringComparer.Ordinal);
        foreach (var text in texts)
            if (PostcodeFormat.TryParse(text, out var parsed) && parsed.Level == PostcodeLevel.Postcode && parsed.Full is { } full && !_postcodes.ContainsKey(parsed.Code))
                wanted[full.Replace(" ", "")] = parsed;
        if (wanted.Count == 0) return;
        var codes = wanted.Keys.ToList();
        var found = await db.Postcodes.AsNoTracking().Where(p => codes.Contains(p.Code))
            .Select(p => new { p.Code, p.Display, p.Point, p.LocalAuthorityCode, p.WardCode }).ToListAsync(ct);
        foreach (var p in found)
            _postcodes[wanted[p.Code].Code] = new ResolvedPostcode(wanted[p.Code], PostcodeLevel.Postcode, p.Display, p.Point, p.LocalAuthorityCode, p.WardCode);
    }

    public async Task<(Location? Location, Validation Validation)> ValidateVenueAsync(VenueWrite venue, CancellationToken ct)
    {
        var v = new Validation();
        var location = await VenueAsync(v, venue, null, ct);
        return (v.IsValid ? location : null, v);
    }

    private async Task<Location?> VenueAsync(Validation v, VenueWrite venue, int? i, CancellationToken ct)
    {
        var path = i is { } index ? $"venues[{index}]." : "";
        if (venue.LocationId is { } id)
        {
            var existing = _venues.TryGetValue(id, out var known) && db.Entry(known).State is EntityState.Unchanged or EntityState.Modified or EntityState.Added
                ? known : await db.Locations.FirstOrDefaultAsync(l => l.Id == id, ct);
            if (existing is not null) _venues[id] = existing;
            else v.Add($"{path}location_id", "is not a location in this directory.");
            return existing;
        }
        Text(v, $"{path}name", venue.Name, 200, required: true);
        Text(v, $"{path}address_1", venue.Address1, 200);
        Text(v, $"{path}address_2", venue.Address2, 200);
        Text(v, $"{path}town", venue.Town, 100);
        // NaN passes both range comparisons below, so finiteness is checked on its own (an import reads "NaN" as a number).
        if (venue.Latitude is { } latitude && (!double.IsFinite(latitude) || latitude is < -90 or > 90)) v.Add($"{path}latitude", "must be a number between -90 and 90.");
        if (venue.Longitude is { } longitude && (!double.IsFinite(longitude) || longitude is < -180 or > 180)) v.Add($"{path}longitude", "must be a number between -180 and 180.");
        if ((venue.Latitude is null) != (venue.Longitude is null)) v.Add($"{path}latitude", "give latitude and longitude together.");
        if (!PostcodeFormat.TryParse(venue.Postcode, out var postcode) || postcode.Level != PostcodeLevel.Postcode)
        {
            v.Add($"{path}postcode", "is required and must be a full UK postcode.");
            return null;
        }
        // Only a postcode that exists: a shortlist gives it to a person as where to go. (Search may fall back to a
        // sector or district centroid; a venue may not, even with coordinates given.)
        if (!_postcodes.TryGetValue(postcode.Code, out var resolved)) _postcodes[postcode.Code] = resolved = await postcodes.ResolveAsync(postcode, ct);
        if (resolved is not { Match: PostcodeLevel.Postcode })
        {
            v.AddUnknown($"{path}postcode", $"{postcode.Code} is not a postcode we know: check it against the address (a new postcode can take a few months to reach our tables).");
            return null;
        }
        return Remember(new Location
        {
            Id = Guid.CreateVersion7(), Name = venue.Name ?? "", Address1 = venue.Address1, Address2 = venue.Address2, Town = venue.Town,
            Postcode = postcode.Code, LocalAuthorityCode = resolved.LocalAuthorityCode, WardCode = resolved.WardCode,
            Point = venue.Latitude is { } lat && venue.Longitude is { } lon ? Wgs84.CreatePoint(new Coordinate(lon, lat)) : resolved.Point,
        });
    }

    /// <summary>
    /// A venue this context tracks (one a batch's lookup loaded, or a new one a listing of the batch is adding), so a later
    /// listing that links it by id needs no query, and finds it although it is not saved yet. Used only while still
    /// tracked: a venue whose listing was refused, or one from a batch already saved and cleared, is asked for again.
    /// </summary>
    public Location Remember(Location venue) => _venues[venue.Id] = venue;

    /// <summary>Forgets the venues remembered so far (a batch saved and cleared), so they don't pile up over a large import.</summary>
    public void ForgetVenues() => _venues.Clear();

    /// <summary>Required-ness and length; a single-line field (a name, a town) refuses tabs and line breaks too.</summary>
    private static void Text(Validation v, string field, string? value, int max, bool required = false, bool multiline = false)
    {
        if (required && string.IsNullOrWhiteSpace(value)) v.Add(field, "is required.");
        else if (value is { Length: var length } && length > max) v.Add(field, $"must be at most {max} characters.");
        else if (value is not null && InputText.Problem(value, multiline) is { } problem) v.Add(field, problem);
    }
}
