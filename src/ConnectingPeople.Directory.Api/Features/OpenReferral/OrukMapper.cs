using System.Globalization;
using System.Text;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Assets;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.Shared;
using NetTopologySuite.Geometries;
using Location = ConnectingPeople.Directory.Api.Data.Entities.Location;

namespace ConnectingPeople.Directory.Api.Features.OpenReferral;

/// <summary>Our model onto HSDS 3.0 / ORUK 3.0 objects. Empty collections become null, and so are left out.</summary>
public static class OrukMapper
{
    private static readonly Dictionary<string, string> LanguageNames = new()
    {
        ["en"] = "English", ["cy"] = "Welsh", ["pl"] = "Polish", ["ur"] = "Urdu", ["pa"] = "Punjabi", ["ar"] = "Arabic",
        ["bn"] = "Bengali", ["so"] = "Somali", ["ro"] = "Romanian", ["zh"] = "Chinese", ["ku"] = "Kurdish", ["bsl"] = "British Sign Language",
    };

    public static string Status(AssetStatus status) => status switch
    {
        AssetStatus.Active => "active",
        AssetStatus.TemporarilyClosed => "temporarily closed",
        _ => "defunct",
    };

    /// <summary>The ONS linked-data URI of a GSS code: how a service area names its ward or authority unambiguously.</summary>
    public const string AreaUriPrefix = "http://statistics.data.gov.uk/id/statistical-geography/";

    public static string AreaUri(string code) => AreaUriPrefix + code;

    // Values stored before today's rules that fail them are left out rather than published invalid (ContactRules).
    private static string? Website(string? value) => ContactRules.Publishable(value, ContactRules.IsWebsite);

    private static string? Email(string? value) => ContactRules.Publishable(value, ContactRules.IsEmail);

    public static OrukOrganization ToOrganization(Organisation o, IReadOnlyList<OrukService>? services = null) =>
        new(o.Id, o.Name, o.Description ?? o.Name, Email(o.Email), Website(o.Website), ContactRules.Publishable(o.Phone, ContactRules.IsUkPhone), services);

    /// <summary>The one-to-one fields of a service, for lists inside other objects.</summary>
    public static OrukService ToServiceSummary(Asset a) => new(
        a.Id, a.OrganisationId, a.Name, Description(a), Website(a.Website), a.Contacts.Select(c => Email(c.Email)).FirstOrDefault(e => e is not null),
        Status(a.Status), a.MinAge, a.MaxAge, AssuredDate(a), DateTimeText.Instant(a.UpdatedAt), Alert(a),
        null, null, null, null, null, null, null, null);

    /// <summary>A fully nested service. <paramref name="areaNames"/> names the local authorities its venues are in.</summary>
    public static OrukService ToService(Asset a, IReadOnlyDictionary<string, string> areaNames) =>
        ToServiceSummary(a) with
        {
            Organization = ToOrganization(a.Organisation),
            Schedules = NullIfEmpty(ListingCard.InOrder(a.Schedules).Select(s => ToSchedule(a, s))),
            ServiceAreas = NullIfEmpty(a.ServiceAreas.Select(s => new OrukServiceArea(s.Id, a.Id, s.Name,
                s.Area.Boundary is { } boundary ? GeoJson(boundary) : null, s.Area.Boundary is null ? null : "geojson", AreaUri(s.AreaCode)))),
            ServiceAtLocations = NullIfEmpty(ServiceAtLocations(a, areaNames)),
            Languages = NullIfEmpty(a.Languages.Select(code => new OrukLanguage(OrukIds.Of("language", a.Id, code), a.Id,
                LanguageNames.GetValueOrDefault(code, code), code))),
            CostOptions = NullIfEmpty(ListingCard.InOrder(a.Costs).Select(c => new OrukCostOption(c.Id, a.Id, c.Kind.ToString(), c.Amount, AssetMapper.CostSummary([c])))),
            Contacts = NullIfEmpty(a.Contacts.Select(c => new OrukContact(c.Id, a.Id, c.Name, c.Role, Email(c.Email),
                ContactRules.Publishable(c.Phone, ContactRules.IsUkPhone) is { } phone ? [new OrukPhone(OrukIds.Of("phone", c.Id), c.Id, phone)] : null))),
            Attributes = NullIfEmpty(a.Terms.Where(t => t.Term.Vocabulary.Code != "accessibility").Select(t => t.Term)
                .Concat(a.Kind is null ? [] : [a.Kind]).OrderBy(t => t.Path).Select(t => Attribute(a.Id, "service", t))),
        };

    public static IEnumerable<OrukServiceAtLocation> ServiceAtLocations(Asset a, IReadOnlyDictionary<string, string> areaNames)
    {
        foreach (var link in a.Locations.Where(l => l.Location.DeletedAt == null).OrderBy(l => l.Location.Name))
            yield return new OrukServiceAtLocation(link.Id, a.Id, link.LocationId, ToLocation(link.Location, a, areaNames), null);
        if (a.DeliveryModes.Contains(DeliveryModes.Online)) yield return VirtualServiceAtLocation(a);
    }

    public static OrukServiceAtLocation VirtualServiceAtLocation(Asset a)
    {
        var locationId = OrukIds.VirtualLocation(a.Id);
        return new OrukServiceAtLocation(OrukIds.VirtualServiceAtLocation(a.Id), a.Id, locationId,
            new OrukLocation(locationId, "virtual", $"{a.Name} (online)", Website(a.Website), null, null, null, null), null);
    }

    public static OrukLocation ToLocation(Location l, Asset a, IReadOnlyDictionary<string, string> areaNames)
    {
        var authority = l.LocalAuthorityCode is { } code ? areaNames.GetValueOrDefault(code) : null;
        var address = new OrukAddress(OrukIds.Of("address", l.Id), l.Id, l.Address1 ?? l.Name, l.Address2,
            l.Town ?? authority ?? "Not recorded", authority ?? l.Town ?? "Not recorded", l.Postcode, "GB", "physical");
        var accessibility = a.Terms.Where(t => t.Term.Vocabulary.Code == "accessibility").OrderBy(t => t.Term.Name)
            .Select(t =>
            {
                var id = OrukIds.Of("accessibility", l.Id, a.Id, t.TermId);
                return new OrukAccessibility(id, l.Id, t.Term.Name, [Attribute(id, "accessibility", t.Term)]);
            });
        return new OrukLocation(l.Id, "physical", l.Name, null, l.Latitude, l.Longitude, [address], NullIfEmpty(accessibility));
    }

    public static OrukTaxonomyTerm ToTerm(TaxonomyTerm t) =>
        new(t.Id, t.Code, t.Name, t.Description ?? t.Name, t.ParentId, t.Vocabulary.Code, t.VocabularyId);

    private static OrukAttribute Attribute(Guid linkId, string linkType, TaxonomyTerm term) =>
        new(OrukIds.Of("attribute", linkId, term.Id), linkId, term.Id, linkType, linkType, ToTerm(term));

    private static OrukSchedule ToSchedule(Asset a, Schedule s)
    {
        var rule = s.Rrule.Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        var serviceAtLocation = s.LocationId is { } locationId ? a.Locations.FirstOrDefault(l => l.LocationId == locationId)?.Id : null;
        return new OrukSchedule(s.Id, a.Id, serviceAtLocation, Date(s.ValidFrom), Date(s.ValidUntil),
            s.Frequency == ScheduleFrequency.Fortnightly ? Date(ScheduleRules.FirstSession(s)) : Date(s.ValidFrom),
            rule.GetValueOrDefault("UNTIL"), rule["FREQ"], s.Frequency == ScheduleFrequency.Fortnightly ? 2 : 1, rule["BYDAY"],
            s.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture), s.EndTime.ToString("HH:mm", CultureInfo.InvariantCulture),
            ScheduleRules.Summarise(s), s.Notes);
    }

    private static string? Description(Asset a) =>
        string.Join("\n\n", new[] { a.Description?.StartsWith(a.Summary ?? "\0", StringComparison.Ordinal) == true ? null : a.Summary, a.Description, a.NewcomerInfo is { } n ? "What to expect the first time: " + n : null }
            .Where(x => !string.IsNullOrWhiteSpace(x))) is { Length: > 0 } text ? text : null;

    private static string? Alert(Asset a) => a.AcceptingNewMembers ? null : "Not accepting new members at the moment.";

    private static string? AssuredDate(Asset a) => a.LastVerifiedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<T>? NullIfEmpty<T>(IEnumerable<T> items) => items.ToList() is { Count: > 0 } list ? list : null;

    /// <summary>A boundary as an RFC 7946 GeoJSON geometry string (longitude, latitude), for service_area.extent.</summary>
    public static string GeoJson(MultiPolygon boundary)
    {
        var json = new StringBuilder("{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (var p = 0; p < boundary.NumGeometries; p++)
        {
            var polygon = (Polygon)boundary.GetGeometryN(p);
            json.Append(p == 0 ? "[" : ",[");
            var rings = new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings).ToList();
            for (var r = 0; r < rings.Count; r++)
            {
                json.Append(r == 0 ? "[" : ",[");
                json.AppendJoin(',', rings[r].Coordinates.Select(c => string.Create(CultureInfo.InvariantCulture, $"[{c.X:0.######},{c.Y:0.######}]")));
                json.Append(']');
            }
            json.Append(']');
        }
        return json.Append("]}").ToString();
    }
}
