using System.Globalization;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Postcodes;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace ConnectingPeople.Directory.Api.Features.Search;

/// <summary>Checks every search parameter and resolves codes and postcodes, reporting every problem by parameter name.</summary>
public sealed class SearchRequestParser(DirectoryDbContext db, PostcodeLookup postcodes, TermCatalogue catalogue)
{
    public const double MaxRadiusKm = 100;
    public const int MaxNearest = 100;
    public const int MaxCodes = 20;
    public const double DefaultNearestMaxKm = 30;
    public const double MaxNearestKm = 1000;
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public static readonly DateOnly LatestDate = new(2100, 12, 31);
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);
    private static readonly HashSet<string> StopWords =
        ["a", "an", "and", "the", "of", "for", "in", "on", "at", "to", "with", "or", "near", "me", "my", "group", "groups", "club", "clubs"];

    /// <summary>A search to run, or why not: <see cref="Problem"/> is the one answer the endpoint returns as it is.</summary>
    public sealed record Result(SearchRequest? Request, Validation Validation, bool UnknownPostcode)
    {
        /// <summary>404 for a postcode not in our tables, 400 naming every bad parameter, or null when <see cref="Request"/> can run.</summary>
        public IResult? Problem => UnknownPostcode && Request is null ? Problems.UnknownPostcode()
            : Request is null ? Problems.Invalid(Validation) : null;
    }

    public async Task<Result> ParseAsync(SearchParameters p, string? accept, CancellationToken ct)
    {
        var v = new Validation();
        var page = new PagingParameters { Page = p.Page, PerPage = p.PerPage }.ToRequest(v);

        var (origin, unknownPostcode) = await OriginAsync(p, v, ct);
        var text = string.IsNullOrWhiteSpace(p.Q) ? null : p.Q.Trim();
        if (text is { Length: > 200 }) v.Add("q", "must be at most 200 characters.");
        var terms = await TermsAsync(ct);
        var interests = Interests(p.Interests, terms, v);
        if (p.On is { } on && (on < EarliestDate || on > LatestDate))
            v.Add("on", $"must be a date from {EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd}.");

        if (origin is null && !unknownPostcode && v.IsValid && text is null && interests.Count == 0)
            v.Add("postcode", "give an origin (postcode, or latitude and longitude), or search by q or interests.");
        if (p.RadiusKm is { } radius && (radius <= 0 || radius > MaxRadiusKm || double.IsNaN(radius)))
            v.Add("radius_km", $"must be more than 0 and at most {MaxRadiusKm}.");
        if (p.Nearest is { } nearest && nearest is < 1 or > MaxNearest) v.Add("nearest", $"must be between 1 and {MaxNearest}.");
        if (p.RadiusKm is not null && p.Nearest is not null) v.Add("nearest", "give radius_km or nearest, not both.");
        if (p.MaxKm is { } maxKm && (maxKm <= 0 || maxKm > MaxNearestKm || double.IsNaN(maxKm))) v.Add("max_km", $"must be more than 0 and at most {MaxNearestKm}.");
        else if (p.MaxKm is not null && p.Nearest is null) v.Add("max_km", "goes with nearest (with a radius, radius_km is the limit).");
        if (origin is null && (p.RadiusKm is not null || p.Nearest is not null))
            v.Add(p.RadiusKm is not null ? "radius_km" : "nearest", "needs an origin (postcode, or latitude and longitude).");

        var allInterests = p.InterestsMatch?.Trim().ToLowerInvariant() switch
        {
            null or "" or "any" => false,
            "all" => true,
            _ => Invalid(v, "interests_match", "must be any or all."),
        };

        var sort = ParseSort(p.Sort, origin is not null, text is not null, interests.Count > 0, v);
        var format = ParseFormat(p.Format, accept, v);
        if (p.All == true && format == SearchFormat.Json) v.Add("all", "applies to format=csv or format=geojson; page through JSON with page and per_page.");
        else if (p.All == true && (p.Page is not null || p.PerPage is not null)) v.Add("all", "returns every match, so leave out page and per_page.");
        var days = ParseDays(p.Day, v);
        var (time, from, to) = ParseTimes(p, v);
        var delivery = p.Delivery?.Trim().ToLowerInvariant();
        if (delivery is not null && !DeliveryModes.All.Contains(delivery)) v.Add("delivery", "must be in_person, online or phone.");
        if (p.MaxCost is < 0) v.Add("max_cost", "must be 0 or more.");
        if (p.Age is { } age && age is < 0 or > 130) v.Add("age", "must be between 0 and 130.");
        if (p.VerifiedWithinDays is { } days2 && days2 is < 1 or > 3650) v.Add("verified_within_days", "must be between 1 and 3650.");
        var area = await AreaAsync(p.Area, v, ct);
        var accessibility = Codes(p.Accessibility, "accessibility", "accessibility", terms, v);
        var audiences = Codes(p.Audience, "audience", "audiences", terms, v);

        if (!v.IsValid || (origin is null && unknownPostcode)) return new Result(null, v, unknownPostcode);
        return new Result(new SearchRequest
        {
            Origin = origin,
            RadiusMetres = (p.RadiusKm ?? 5) * 1000,
            Nearest = p.Nearest,
            NearestMaxMetres = (p.MaxKm ?? DefaultNearestMaxKm) * 1000,
            AreaCode = area,
            Delivery = delivery,
            Interests = interests,
            AllInterests = allInterests,
            Text = text,
            TextTerms = text is null ? [] : TextTerms(text),
            Days = days,
            Time = time,
            From = from,
            To = to,
            On = p.On,
            Free = p.Free == true,
            MaxCost = p.MaxCost,
            Accessibility = accessibility,
            Age = p.Age,
            Audiences = audiences,
            AcceptingNewMembers = p.AcceptingNewMembers == true,
            VerifiedWithinDays = p.VerifiedWithinDays,
            IncludeInactive = p.IncludeInactive == true,
            Sort = sort,
            Format = format,
            Page = page,
        }, v, false);
    }

    public static IReadOnlyList<string> TextTerms(string text) =>
    [
        .. text.ToLowerInvariant()
            .Split([' ', ',', '.', ';', ':', '!', '?', '"', '(', ')', '/', '&', '-'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => !StopWords.Contains(t))
            .Distinct()
            .Take(8),
    ];

    private async Task<(SearchOrigin? Origin, bool UnknownPostcode)> OriginAsync(SearchParameters p, Validation v, CancellationToken ct)
    {
        var hasPostcode = !string.IsNullOrWhiteSpace(p.Postcode);
        var hasCoordinates = p.Latitude is not null || p.Longitude is not null;
        if (hasPostcode && hasCoordinates)
        {
            v.Add("postcode", "give a postcode or latitude and longitude, not both.");
            return (null, false);
        }
        if (hasCoordinates)
        {
            if (p.Latitude is null) v.Add("latitude", "is required with longitude.");
            if (p.Longitude is null) v.Add("longitude", "is required with latitude.");
            if (p.Latitude is { } lat && (lat is < -90 or > 90 || double.IsNaN(lat))) v.Add("latitude", "must be between -90 and 90.");
            if (p.Longitude is { } lon && (lon is < -180 or > 180 || double.IsNaN(lon))) v.Add("longitude", "must be between -180 and 180.");
            if (!v.IsValid) return (null, false);
            return (new SearchOrigin(Wgs84.CreatePoint(new Coordinate(p.Longitude!.Value, p.Latitude!.Value)), OriginSource.Coordinates, null, null), false);
        }
        if (!hasPostcode) return (null, false);
        if (!PostcodeFormat.TryParse(p.Postcode, out var parsed))
        {
            v.Add("postcode", "is not a UK postcode, sector or district (for example S1 2HE).");
            return (null, false);
        }
        var resolved = await postcodes.ResolveAsync(parsed, ct);
        if (resolved is null) return (null, true);
        var source = resolved.Match switch
        {
            PostcodeLevel.Postcode => OriginSource.Postcode,
            PostcodeLevel.Sector => OriginSource.Sector,
            _ => OriginSource.District,
        };
        return (new SearchOrigin(resolved.Point, source, parsed.Code, parsed.District), false);
    }

    private Task<IReadOnlyList<TermRow>> TermsAsync(CancellationToken ct) => catalogue.TermsAsync(db, ct);

    private static List<InterestFilter> Interests(string? raw, IReadOnlyList<TermRow> terms, Validation v)
    {
        var codes = SplitList(raw, "interests", v);
        var interests = terms.Where(t => t.Vocabulary == "interests").ToList();
        var unknown = codes.Where(c => interests.All(t => t.Code != c)).ToList();
        if (unknown.Count > 0) v.Add("interests", $"unknown interest code(s): {string.Join(", ", unknown)}. See GET /api/v1/taxonomies/interests/terms.");
        return
        [
            .. codes.Except(unknown).Select(code =>
            {
                var path = interests.Single(t => t.Code == code).Path;
                return new InterestFilter(code, [.. interests.Where(t => t.Path.StartsWith(path, StringComparison.Ordinal)).Select(t => t.Id)]);
            }),
        ];
    }

    private static List<Guid> Codes(string? raw, string parameter, string vocabulary, IReadOnlyList<TermRow> terms, Validation v)
    {
        var codes = SplitList(raw, parameter, v);
        var known = terms.Where(t => t.Vocabulary == vocabulary).ToDictionary(t => t.Code, t => t.Id);
        var unknown = codes.Where(c => !known.ContainsKey(c)).ToList();
        if (unknown.Count > 0)
            v.Add(parameter, $"unknown {vocabulary} code(s): {string.Join(", ", unknown)}. See GET /api/v1/taxonomies/{vocabulary}/terms.");
        return [.. codes.Where(known.ContainsKey).Select(c => known[c])];
    }

    /// <summary>A comma-separated list of codes, at most <see cref="MaxCodes"/> (more is a mistake or an attempt to make search slow).</summary>
    private static List<string> SplitList(string? raw, string field, Validation v)
    {
        if (raw is null) return [];
        List<string> codes = [.. raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToLowerInvariant()).Distinct()];
        if (codes.Count <= MaxCodes) return codes;
        v.Add(field, $"give at most {MaxCodes} codes (got {codes.Count}).");
        return [];
    }

    /// <summary>Without a sort asked for: words rank by relevance (blended with distance), otherwise nearest first.</summary>
    private static SearchSort ParseSort(string? raw, bool hasOrigin, bool hasText, bool hasInterests, Validation v)
    {
        var hasRelevance = hasText || hasInterests;
        if (string.IsNullOrWhiteSpace(raw)) return hasOrigin && !hasText ? SearchSort.Distance : SearchSort.Relevance;
        if (!EnumText.TryParse<SearchSort>(raw, out var sort))
        {
            v.Add("sort", "must be distance, relevance, name or next_session.");
            return SearchSort.Name;
        }
        if (sort == SearchSort.Distance && !hasOrigin) v.Add("sort", "distance needs an origin (postcode, or latitude and longitude).");
        if (sort == SearchSort.Relevance && !hasRelevance) v.Add("sort", "relevance needs q or interests.");
        return sort;
    }

    private static SearchFormat ParseFormat(string? raw, string? accept, Validation v)
    {
        if (!string.IsNullOrWhiteSpace(raw))
        {
            if (EnumText.TryParse<SearchFormat>(raw, out var format)) return format;
            v.Add("format", "must be json, geojson or csv.");
            return SearchFormat.Json;
        }
        if (accept?.Contains("application/geo+json", StringComparison.OrdinalIgnoreCase) == true) return SearchFormat.Geojson;
        if (accept?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true) return SearchFormat.Csv;
        return SearchFormat.Json;
    }

    private static readonly Dictionary<string, Weekday> DayNames = Enum.GetValues<Weekday>()
        .SelectMany(d => new[] { (d.ToString().ToLowerInvariant(), d), (ScheduleNames.DayName(d).ToLowerInvariant(), d) })
        .ToDictionary(x => x.Item1, x => x.d);

    private static List<Weekday> ParseDays(string? raw, Validation v)
    {
        var days = new List<Weekday>();
        foreach (var item in SplitList(raw, "day", v))
        {
            if (DayNames.TryGetValue(item, out var day)) days.Add(day);
            else v.Add("day", $"'{item}' is not a day: use mon, tue, wed, thu, fri, sat or sun.");
        }
        return days;
    }

    private static (TimeOfDay?, TimeOnly?, TimeOnly?) ParseTimes(SearchParameters p, Validation v)
    {
        TimeOfDay? time = null;
        if (!string.IsNullOrWhiteSpace(p.Time))
        {
            if (EnumText.TryParse<TimeOfDay>(p.Time, out var t)) time = t;
            else v.Add("time", "must be morning, afternoon or evening.");
        }
        var from = ParseTime(p.From, "from", v);
        var to = ParseTime(p.To, "to", v);
        if (time is not null && (from is not null || to is not null)) v.Add("time", "give time or from/to, not both.");
        if (from is { } f && to is { } e && e <= f) v.Add("to", "must be after from.");
        return (time, from, to);
    }

    private static TimeOnly? ParseTime(string? raw, string field, Validation v)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (TimeOnly.TryParseExact(raw.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        v.Add(field, "must be a time of day as HH:MM, for example 09:30.");
        return null;
    }

    private async Task<string?> AreaAsync(string? raw, Validation v, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var code = raw.Trim().ToUpperInvariant();
        var area = await db.Areas.AsNoTracking().Where(a => a.Code == code).Select(a => new { a.Code, HasBoundary = a.Boundary != null }).FirstOrDefaultAsync(ct);
        if (area is null) v.Add("area", $"'{code}' is not a ward or local authority code we know.");
        else if (!area.HasBoundary) v.Add("area", $"we do not hold a boundary for {code}, so cannot search inside it.");
        return code;
    }

    private static bool Invalid(Validation v, string field, string message)
    {
        v.Add(field, message);
        return false;
    }
}
