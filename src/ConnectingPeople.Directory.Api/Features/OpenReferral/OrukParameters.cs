using System.Globalization;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Postcodes;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.OpenReferral;

/// <summary>The ORUK and HSDS query parameters for services and service_at_locations.</summary>
public sealed class OrukParameters
{
    /// <summary>Free text over the service's name, description, organisation and terms (as the native search's q).</summary>
    [FromQuery(Name = "search")] public string? Search { get; init; }
    /// <summary>Page number, from 1.</summary>
    [FromQuery(Name = "page")] public int? Page { get; init; }
    /// <summary>Items per page, 1 to 100; default 20.</summary>
    [FromQuery(Name = "per_page")] public int? PerPage { get; init; }
    /// <summary>Only services with this taxonomy term or one below it.</summary>
    [FromQuery(Name = "taxonomy_term_id")] public Guid? TaxonomyTermId { get; init; }
    /// <summary>Only services with a term from this taxonomy.</summary>
    [FromQuery(Name = "taxonomy_id")] public Guid? TaxonomyId { get; init; }
    /// <summary>Only services of this organisation.</summary>
    [FromQuery(Name = "organization_id")] public Guid? OrganizationId { get; init; }
    /// <summary>Only services changed at or after this date-time (RFC 3339).</summary>
    [FromQuery(Name = "modified_after")] public DateTimeOffset? ModifiedAfter { get; init; }
    /// <summary>Only services whose minimum age is at least this.</summary>
    [FromQuery(Name = "minimum_age")] public int? MinimumAge { get; init; }
    /// <summary>Only services whose maximum age is at most this.</summary>
    [FromQuery(Name = "maximum_age")] public int? MaximumAge { get; init; }
    /// <summary>Only services meeting on this day: MO to SU, or a day name.</summary>
    [FromQuery(Name = "day")] public string? Day { get; init; }
    /// <summary>Only sessions starting at or after this local time (HH:MM or HH:MM:SS).</summary>
    [FromQuery(Name = "start_time")] public string? StartTime { get; init; }
    /// <summary>Only sessions ending at or before this local time (HH:MM or HH:MM:SS).</summary>
    [FromQuery(Name = "end_time")] public string? EndTime { get; init; }

    /// <summary>service_at_locations only: a UK postcode whose point must lie in the service's area (when it states one).</summary>
    [FromQuery(Name = "postcode")] public string? Postcode { get; init; }

    /// <summary>service_at_locations only: with postcode, venues within this many metres of it.</summary>
    [FromQuery(Name = "proximity")] public double? Proximity { get; init; }

    private static readonly Dictionary<string, Weekday> Days = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MO"] = Weekday.Mon, ["TU"] = Weekday.Tue, ["WE"] = Weekday.Wed, ["TH"] = Weekday.Thu, ["FR"] = Weekday.Fri, ["SA"] = Weekday.Sat, ["SU"] = Weekday.Sun,
        ["monday"] = Weekday.Mon, ["tuesday"] = Weekday.Tue, ["wednesday"] = Weekday.Wed, ["thursday"] = Weekday.Thu,
        ["friday"] = Weekday.Fri, ["saturday"] = Weekday.Sat, ["sunday"] = Weekday.Sun,
        ["mon"] = Weekday.Mon, ["tue"] = Weekday.Tue, ["wed"] = Weekday.Wed, ["thu"] = Weekday.Thu, ["fri"] = Weekday.Fri, ["sat"] = Weekday.Sat, ["sun"] = Weekday.Sun,
    };

    public async Task<(OrukFilters? Filters, PageRequest Page, Validation Validation, bool UnknownPostcode)> ParseAsync(
        DirectoryDbContext db, PostcodeLookup postcodes, CancellationToken ct)
    {
        var v = new Validation();
        var page = new PagingParameters { Page = Page, PerPage = PerPage }.ToRequest(v);
        Weekday? day = null;
        if (!string.IsNullOrWhiteSpace(Day))
        {
            if (Days.TryGetValue(Day.Trim(), out var d)) day = d;
            else v.Add("day", "must be a day, as MO..SU or a day name.");
        }
        var start = Time(StartTime, "start_time", v);
        var end = Time(EndTime, "end_time", v);
        if (Proximity is { } metres && (metres <= 0 || metres > 200_000 || !double.IsFinite(metres))) v.Add("proximity", "must be more than 0 and at most 200000 metres.");
        if (Proximity is not null && string.IsNullOrWhiteSpace(Postcode)) v.Add("proximity", "needs a postcode.");
        DateWindow.Check(v, "modified_after", ModifiedAfter);
        if (MinimumAge is < 0 or > 130) v.Add("minimum_age", "must be between 0 and 130.");
        if (MaximumAge is < 0 or > 130) v.Add("maximum_age", "must be between 0 and 130.");

        IReadOnlyList<Guid>? termIds = null;
        if (TaxonomyTermId is { } termId)
        {
            // A term matches itself and everything below it, as in the native search.
            var term = await db.TaxonomyTerms.Where(t => t.Id == termId).Select(t => new { t.Path, t.VocabularyId }).FirstOrDefaultAsync(ct);
            if (term is null) v.Add("taxonomy_term_id", "is not a taxonomy term in this directory.");
            else termIds = await db.TaxonomyTerms.Where(t => t.VocabularyId == term.VocabularyId && t.Path.StartsWith(term.Path))
                .Select(t => t.Id).ToListAsync(ct);
        }

        NetTopologySuite.Geometries.Point? point = null;
        var unknownPostcode = false;
        if (!string.IsNullOrWhiteSpace(Postcode))
        {
            if (!PostcodeFormat.TryParse(Postcode, out var parsed)) v.Add("postcode", "is not a UK postcode (for example S1 2HE).");
            else if (await postcodes.ResolveAsync(parsed, ct) is { } resolved) point = resolved.Point;
            else unknownPostcode = true;
        }

        if (!v.IsValid || unknownPostcode) return (null, page, v, unknownPostcode);
        var terms = string.IsNullOrWhiteSpace(Search) ? [] : SearchRequestParser.TextTerms(Search);
        return (new OrukFilters(terms, termIds, TaxonomyId, OrganizationId, ModifiedAfter, MinimumAge, MaximumAge, day, start, end, point, Proximity),
            page, v, false);
    }

    private static TimeOnly? Time(string? raw, string field, Validation v)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (TimeOnly.TryParseExact(raw.Trim(), ["HH:mm", "HH:mm:ss", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        v.Add(field, "must be a time of day as HH:MM or HH:MM:SS.");
        return null;
    }
}
