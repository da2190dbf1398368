using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConnectingPeople.Directory.Api.Features.OpenReferral;

namespace ConnectingPeople.Directory.Api.Features.Transfer;

/// <summary>
/// Open Referral UK services (one, an array, or a page with "contents") as rows in the bulk layout, so they go through
/// the same checks and the same all-or-nothing import as CSV. The service id becomes the external id; physical
/// service_at_locations become venues, a virtual one means online delivery, attributes give interests, audiences and
/// kind, location accessibility gives accessibility, and a service area's ONS URI gives its GSS code.
/// </summary>
public static partial class OrukImport
{
    [GeneratedRegex(@"^£(?<amount>[0-9.]+)(?: per (?<per>session|week|month|year|one-off))?(?: \((?<note>.*)\))?$")]
    private static partial Regex FeeText();

    /// <summary>
    /// Services as rows in the bulk layout (the header first), read one service at a time from the stream (a single
    /// service is read whole); each service's organisation details go into <paramref name="organisations"/> before its
    /// rows, for an admin import that creates the organisation.
    /// </summary>
    public static IEnumerable<string[]> Rows(Stream json, Dictionary<string, Curation.OrganisationWrite> organisations)
    {
        var reader = new JsonArrayReader(json, "contents");
        yield return AssetCsv.Columns;
        var any = false;
        foreach (var service in reader.Elements())
        {
            any = true;
            foreach (var row in ServiceRows(service, organisations)) yield return row;
        }
        if (reader.RootIsObject && !reader.FoundArray)
        {
            json.Position = 0;
            using var document = JsonDocument.Parse(json);
            foreach (var row in ServiceRows(document.RootElement.Clone(), organisations)) yield return row;
        }
        else if (!any) throw new ImportFormatException("must be an Open Referral service, an array of services, or a page with contents.");
    }

    private static IEnumerable<string[]> ServiceRows(JsonElement service, Dictionary<string, Curation.OrganisationWrite> organisations)
    {
        if (service.ValueKind != JsonValueKind.Object) throw new ImportFormatException("must be an Open Referral service, an array of services, or a page with contents.");
        if (service.TryGetProperty("organization", out var o) && o.ValueKind == JsonValueKind.Object)
        {
            string? Get(string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (Get("name") is { Length: > 0 } name)
                organisations.TryAdd(name, new Curation.OrganisationWrite(name, Get("description") is { } d && d != name ? d : null, Get("website"), Get("email"), Get("phone")));
        }
        return Rows(service);
    }

    private static IEnumerable<string[]> Rows(JsonElement s)
    {
        string Str(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : "";
        IEnumerable<JsonElement> Arr(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];
        string Codes(IEnumerable<JsonElement> attributes, string taxonomy) => AssetCsv.Join(attributes
            .Select(a => a.TryGetProperty("taxonomy_term", out var t) ? t : default)
            .Where(t => Str(t, "taxonomy") == taxonomy).Select(t => Str(t, "code")).Where(c => c.Length > 0).Distinct());

        var locations = Arr(s, "service_at_locations").ToList();
        var physical = locations.Where(l => l.TryGetProperty("location", out var loc) && Str(loc, "location_type") == "physical").ToList();
        var online = locations.Any(l => l.TryGetProperty("location", out var loc) && Str(loc, "location_type") == "virtual");
        var modes = new List<string>();
        if (physical.Count > 0) modes.Add("in_person");
        if (online) modes.Add("online");
        if (modes.Count == 0) modes.Add("phone");

        var attributes = Arr(s, "attributes").ToList();
        var accessibility = physical.SelectMany(l => Arr(l.GetProperty("location"), "accessibility")).SelectMany(a => Arr(a, "attributes")).ToList();
        var contact = Arr(s, "contacts").FirstOrDefault();
        var schedules = Arr(s, "schedules").ToList();
        string SchedulesAt(string? serviceAtLocationId, bool first) => AssetCsv.Join(schedules
            .Where(x => Str(x, "service_at_location_id") is var at && (at == serviceAtLocationId || (first && at.Length == 0)))
            .Select(Rule));
        var status = Str(s, "status") switch { "temporarily closed" => "temporarily_closed", "active" or "" => "active", _ => "closed" };
        var assured = Str(s, "assured_date");

        string[] Row(JsonElement? sal, bool first)
        {
            var location = sal?.GetProperty("location");
            var address = location is { } l ? Arr(l, "addresses").FirstOrDefault() : default;
            var values = new Dictionary<string, string>
            {
                ["external_id"] = Str(s, "id"),
                ["organisation"] = s.TryGetProperty("organization", out var org) ? Str(org, "name") : "",
                ["name"] = Str(s, "name"),
                ["description"] = Str(s, "description"),
                ["kind"] = Codes(attributes, "kinds"),
                ["status"] = status,
                ["accepting_new_members"] = Str(s, "alert").StartsWith("Not accepting new members", StringComparison.Ordinal) ? "no" : "yes",
                ["min_age"] = Str(s, "minimum_age"),
                ["max_age"] = Str(s, "maximum_age"),
                ["languages"] = AssetCsv.Join(Arr(s, "languages").Select(x => Str(x, "code")).Where(c => c.Length > 0)),
                ["delivery_modes"] = AssetCsv.Join(modes),
                ["website"] = Str(s, "url"),
                ["interests"] = Codes(attributes, "interests"),
                ["audiences"] = Codes(attributes, "audiences"),
                ["accessibility"] = Codes(accessibility, "accessibility"),
                ["costs"] = AssetCsv.Join(Arr(s, "cost_options").Select(Cost)),
                ["contact_name"] = Str(contact, "name"),
                ["contact_role"] = Str(contact, "title"),
                ["contact_email"] = Str(contact, "email"),
                ["contact_phone"] = Arr(contact, "phones").Select(p => Str(p, "number")).FirstOrDefault() ?? "",
                ["service_areas"] = AssetCsv.Join(Arr(s, "service_areas").Select(a => Str(a, "uri"))
                    .Where(u => u.StartsWith(OrukMapper.AreaUriPrefix, StringComparison.Ordinal)).Select(u => u[OrukMapper.AreaUriPrefix.Length..])),
                ["venue_name"] = location is { } n ? Str(n, "name") : "",
                ["address_1"] = Str(address, "address_1"),
                ["address_2"] = Str(address, "address_2"),
                ["town"] = Str(address, "city"),
                ["postcode"] = Str(address, "postal_code"),
                ["latitude"] = location is { } lat ? Str(lat, "latitude") : "",
                ["longitude"] = location is { } lon ? Str(lon, "longitude") : "",
                ["schedules"] = SchedulesAt(sal is { } x ? Str(x, "id") : null, first),
                ["last_verified_at"] = assured,
            };
            return [.. AssetCsv.Columns.Select(c => values.GetValueOrDefault(c, ""))];
        }

        if (physical.Count == 0) yield return Row(null, true);
        for (var i = 0; i < physical.Count; i++) yield return Row(physical[i], i == 0);
    }

    /// <summary>A schedule as the RRULE-with-times form the bulk layout reads.</summary>
    private static string Rule(JsonElement x)
    {
        string Str(string name) => x.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : x.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.Number ? n.GetRawText() : "";
        var rule = $"FREQ={Str("freq")};INTERVAL={(Str("interval") is { Length: > 0 } i ? i : "1")};BYDAY={Str("byday")}";
        var from = Str("valid_from") is { Length: > 0 } f ? f : Str("dtstart");
        if (from.Length > 0) rule += ";DTSTART=" + from.Replace("-", "");
        if (Str("valid_to") is { Length: > 0 } to) rule += ";UNTIL=" + to.Replace("-", "");
        return $"{rule} {Time(Str("opens_at"))}-{Time(Str("closes_at"))}";
    }

    private static string Time(string text) => text.Length >= 5 ? text[..5] : text;

    /// <summary>A cost option back into the bulk form: "free", "donation - note" or "fee 2.50 per session - note".</summary>
    private static string Cost(JsonElement c)
    {
        var option = c.TryGetProperty("option", out var o) ? o.GetString() ?? "" : "";
        var description = c.TryGetProperty("amount_description", out var d) ? d.GetString() ?? "" : "";
        switch (option.ToLowerInvariant())
        {
            case "free":
                return description is "" or "Free" ? "free" : $"free - {description}";
            case "donation":
                return description is "" or "Free, donations welcome" ? "donation" : $"donation - {description}";
            default:
                var amount = c.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetDecimal() : 0m;
                var fee = FeeText().Match(description);
                var per = fee.Success && fee.Groups["per"].Success ? " per " + fee.Groups["per"].Value.Replace("one-off", "one_off") : "";
                var note = fee.Success && fee.Groups["note"].Success ? " - " + fee.Groups["note"].Value : "";
                return $"fee {amount.ToString("0.00", CultureInfo.InvariantCulture)}{per}{note}";
        }
    }
}
