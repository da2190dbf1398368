using System.Globalization;
using System.Text;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Curation;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.Shared;

namespace ConnectingPeople.Directory.Api.Features.Transfer;

/// <summary>When a listing was last confirmed and how: kept by imports and exports, not part of a write body.</summary>
public sealed record Verification(DateTimeOffset? At, VerificationMethod? Method);

/// <summary>
/// The CSV layout for bulk import and export: one row per listing at a venue, rows of one listing sharing its
/// external_id. Lists are separated by " | " ("walking | gardening"); costs read "free", "donation" or
/// "fee 2.50 per session", with " - note" after any of them; schedules are sentences or RRULEs (see ScheduleText).
/// Listing-level columns are read from the first row of each listing.
/// </summary>
public static class AssetCsv
{
    public const string Separator = " | ";

    public static readonly string[] Columns =
    [
        "external_id", "organisation", "name", "summary", "description", "kind", "status", "how_to_join", "newcomer_info",
        "companions_welcome", "accepting_new_members", "min_age", "max_age", "languages", "delivery_modes", "website",
        "interests", "audiences", "accessibility", "costs", "contact_name", "contact_role", "contact_email", "contact_phone",
        "service_areas", "venue_name", "address_1", "address_2", "town", "postcode", "latitude", "longitude", "schedules",
        "last_verified_at", "verification_method", "version",
    ];

    public static string Header => string.Join(',', Columns) + "\r\n";

    /// <summary>
    /// The rows of one listing as values in <see cref="Columns"/> order (CSV lines or GeoJSON properties);
    /// <paramref name="venues"/> carries each venue's coordinates, <paramref name="version"/> the listing's version, which an
    /// import checks so a file exported before a newer edit cannot undo it.
    /// </summary>
    public static IEnumerable<string?[]> Fields(string externalId, string organisation, AssetWrite w, IReadOnlyList<(double Latitude, double Longitude)> venues,
        Verification verification, uint? version = null)
    {
        var count = Math.Max(1, w.Venues.Length);
        for (var i = 0; i < count; i++)
        {
            var venue = i < w.Venues.Length ? w.Venues[i] : null;
            var schedules = w.Schedules.Where(s => s.Venue == (venue is null ? null : i) || (i == 0 && s.Venue is null)).Select(ScheduleText.Write);
            var contact = w.Contacts.FirstOrDefault();
            string?[] row =
            [
                externalId, organisation, w.Name, w.Summary, w.Description, w.Kind, Text(w.Status), Text(w.HowToJoin), w.NewcomerInfo,
                Bool(w.CompanionsWelcome), Bool(w.AcceptingNewMembers), w.MinAge?.ToString(CultureInfo.InvariantCulture), w.MaxAge?.ToString(CultureInfo.InvariantCulture),
                Join(w.Languages), Join(w.DeliveryModes), w.Website, Join(w.Interests), Join(w.Audiences), Join(w.Accessibility),
                Join(w.Costs.Select(Cost)), contact?.Name, contact?.Role, contact?.Email, contact?.Phone,
                Join(w.ServiceAreas.Select(a => a.AreaCode)),
                venue?.Name, venue?.Address1, venue?.Address2, venue?.Town, venue?.Postcode,
                venue is null ? null : venues[i].Latitude.ToString("0.######", CultureInfo.InvariantCulture),
                venue is null ? null : venues[i].Longitude.ToString("0.######", CultureInfo.InvariantCulture),
                Join(schedules),
                DateTimeText.Instant(verification.At), verification.Method is { } method ? Text(method) : null,
                version?.ToString(CultureInfo.InvariantCulture),
            ];
            yield return row;
        }
    }

    public static string Cost(CostWrite c)
    {
        var text = c.Kind switch
        {
            CostKind.Fee => $"fee {c.Amount?.ToString("0.00", CultureInfo.InvariantCulture)}" + (c.Per is { } per ? $" per {Text(per)}" : ""),
            _ => Text(c.Kind),
        };
        return c.Description is { Length: > 0 } d ? $"{text} - {d}" : text;
    }

    public static bool TryParseCost(string text, out CostWrite cost, out string error)
    {
        cost = new CostWrite(CostKind.Free);
        error = "";
        var dash = text.IndexOf(" - ", StringComparison.Ordinal);
        var description = dash >= 0 ? text[(dash + 3)..].Trim() : null;
        var words = (dash >= 0 ? text[..dash] : text).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 1 && words[0].Equals("free", StringComparison.OrdinalIgnoreCase)) { cost = new CostWrite(CostKind.Free, Description: description); return true; }
        if (words.Length == 1 && words[0].Equals("donation", StringComparison.OrdinalIgnoreCase)) { cost = new CostWrite(CostKind.Donation, Description: description); return true; }
        if (words.Length >= 2 && words[0].Equals("fee", StringComparison.OrdinalIgnoreCase)
            && decimal.TryParse(words[1].TrimStart('£'), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
        {
            CostPeriod? per = null;
            if (words.Length == 4 && words[2] == "per" && Shared.EnumText.TryParse<CostPeriod>(words[3].Replace("-", "_"), out var p)) per = p;
            else if (words.Length != 2) { error = $"'{text}': write the period as 'per session', 'per week', 'per month', 'per year' or 'per one_off'."; return false; }
            cost = new CostWrite(CostKind.Fee, amount, per, description);
            return true;
        }
        error = $"'{text}' is not a cost: write free, donation, or fee 2.50 per session.";
        return false;
    }

    public static string Join(IEnumerable<string> items) => string.Join(Separator, items);

    public static string[] Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Bool(bool value) => value ? "yes" : "no";

    private static string Text<T>(T value) where T : struct, Enum => Data.SnakeCaseEnumConverter<T>.ToText(value);
}
