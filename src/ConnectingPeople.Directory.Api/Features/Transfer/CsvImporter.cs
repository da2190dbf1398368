using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Curation;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Transfer;

public sealed record ImportRow(int Row, string? ExternalId, string Status, IReadOnlyList<string> Errors);

public sealed record ImportReport(bool DryRun, bool Applied, int Created, int Updated, int Unchanged, int Errors, IReadOnlyList<ImportRow> Rows);

/// <summary>
/// Imports listings from CSV in one transaction: every row is checked and applied, and the transaction is committed
/// only for a real run without a single error. So a dry run reports exactly what a real run would do, and a failed
/// run writes nothing. Listings are matched on external_id, so importing the same file again changes nothing.
/// </summary>
public sealed class CsvImporter(DirectoryDbContext db, AssetValidator validator, AssetWriter writer, AuditLog audit)
{
    private sealed record Listing(string ExternalId, List<(int Row, IReadOnlyDictionary<string, string> Fields)> Rows);

    /// <summary>A listing checked and classified in the first pass, ready to apply in the second.</summary>
    private sealed record Prepared(ValidAssetWrite Valid, Verification Verification, Guid? ExistingId, string Status);

    private readonly Dictionary<string, Data.Entities.Location> _newVenues = [];
    private IReadOnlyDictionary<string, OrganisationWrite>? _organisationDetails;

    private static string VenueKey(Data.Entities.Location l) => $"{l.Name.Trim().ToLowerInvariant()}|{l.Postcode}";

    public async Task<(ImportReport? Report, string? HeaderProblem)> ImportAsync(Stream csv, bool dryRun, ClaimsPrincipal user, CancellationToken ct)
    {
        // Read whole and then parsed: the server allows no synchronous reads of a request body.
        using var body = new StreamReader(csv);
        using var reader = new StringReader(await body.ReadToEndAsync(ct));
        return await ImportAsync(Csv.ReadRows(reader).ToList(), dryRun, user, ct);
    }

    /// <summary>Imports rows in the CSV layout: a header row naming columns, then one row per listing at a venue.</summary>
    public async Task<(ImportReport? Report, string? HeaderProblem)> ImportAsync(IReadOnlyList<string[]> rows, bool dryRun, ClaimsPrincipal user, CancellationToken ct,
        IReadOnlyDictionary<string, OrganisationWrite>? organisationDetails = null)
    {
        _organisationDetails = organisationDetails;
        if (rows.Count == 0) return (null, "the file is empty: the first line must name the columns.");
        var header = rows[0].Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = new[] { "external_id", "organisation", "name" }.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0) return (null, $"the header lacks {string.Join(", ", missing)}; the columns are: {string.Join(", ", AssetCsv.Columns)}.");
        var unknown = header.Where(h => !AssetCsv.Columns.Contains(h)).ToList();
        if (unknown.Count > 0) return (null, $"unknown column(s) {string.Join(", ", unknown)}; the columns are: {string.Join(", ", AssetCsv.Columns)}.");

        var results = new Dictionary<int, (string? ExternalId, string Status, List<string> Errors)>();
        var listings = new List<Listing>();
        for (var i = 1; i < rows.Count; i++)
        {
            if (rows[i].All(string.IsNullOrWhiteSpace)) continue;
            var fields = header.Select((h, c) => (h, v: c < rows[i].Length ? rows[i][c].Trim() : "")).ToDictionary(x => x.h, x => x.v);
            var row = i + 1;
            // The same input boundary as the API's: every cell is checked for control characters and NFKC-normalised.
            var refused = new List<string>();
            foreach (var column in header)
            {
                var (clean, problem) = InputText.Clean(fields[column], multiline: true);
                if (problem is null) fields[column] = clean;
                else refused.Add($"{column}: {problem}");
            }
            var externalId = fields["external_id"];
            results[row] = (refused.Count > 0 ? InputText.Printable(externalId) : externalId, "error", refused);
            if (refused.Count > 0) continue;
            if (externalId.Length == 0) { results[row].Errors.Add("external_id: is required, so a second import updates instead of duplicating."); continue; }
            var listing = listings.FirstOrDefault(l => l.ExternalId == externalId);
            if (listing is null) listings.Add(listing = new Listing(externalId, []));
            listing.Rows.Add((row, fields));
        }

        var counts = new Dictionary<string, int> { ["created"] = 0, ["updated"] = 0, ["unchanged"] = 0 };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var organisations = await db.Organisations.ToDictionaryAsync(o => o.Name.ToLowerInvariant(), o => o.Id, ct);

        // First pass: check and classify every listing, writing nothing but new organisations.
        var prepared = new List<Prepared>();
        foreach (var listing in listings)
        {
            var ready = await PrepareAsync(listing, organisations, user, results, ct);
            foreach (var (row, _) in listing.Rows) results[row] = (listing.ExternalId, ready?.Status ?? "error", results[row].Errors);
            if (ready is null) continue;
            counts[ready.Status]++;
            prepared.Add(ready);
        }

        // Second pass, only for a real run without a single error: apply them all, then commit.
        var errors = results.Values.Count(r => r.Errors.Count > 0);
        var applied = !dryRun && errors == 0;
        if (applied)
        {
            foreach (var ready in prepared.Where(p => p.Status != "unchanged"))
            {
                await ApplyAsync(ready, user, ct);
                // Tracking every listing saved so far would make each later save slower.
                db.ChangeTracker.Clear();
            }
            await transaction.CommitAsync(ct);
        }
        else
        {
            await transaction.RollbackAsync(ct);
        }
        var report = results.OrderBy(r => r.Key)
            .Select(r => new ImportRow(r.Key, r.Value.ExternalId, r.Value.Errors.Count > 0 ? "error" : r.Value.Status, r.Value.Errors)).ToList();
        return (new ImportReport(dryRun, applied, counts["created"], counts["updated"], counts["unchanged"], errors, report), null);
    }

    /// <summary>Builds and checks one listing and decides what importing it would do; null when it has errors.</summary>
    private async Task<Prepared?> PrepareAsync(Listing listing, Dictionary<string, Guid> organisations, ClaimsPrincipal user,
        Dictionary<int, (string? ExternalId, string Status, List<string> Errors)> results, CancellationToken ct)
    {
        var first = listing.Rows[0];
        void Error(int row, string message) => results[row].Errors.Add(message);

        var organisationName = first.Fields["organisation"];
        if (!organisations.TryGetValue(organisationName.ToLowerInvariant(), out var organisationId))
        {
            if (!user.IsAdmin() || organisationName.Length == 0)
            {
                Error(first.Row, $"organisation: '{organisationName}' is not an organisation in this directory" + (user.IsAdmin() ? "." : " (only an admin import creates organisations)."));
                return null;
            }
            var details = _organisationDetails?.GetValueOrDefault(organisationName) ?? new OrganisationWrite(organisationName);
            var created = new Organisation
            {
                Id = Guid.CreateVersion7(), Name = organisationName, Description = details.Description, Website = details.Website, Email = details.Email, Phone = details.Phone,
            };
            db.Organisations.Add(created);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync("organisation", created.Id, "created", user.Actor(), null, details, ct);
            organisations[organisationName.ToLowerInvariant()] = organisationId = created.Id;
        }

        var write = await BuildAsync(listing, organisationId, Error, ct);
        var verification = Verified(first.Row, first.Fields, Error);
        if (write is null || verification is null) return null;
        var (valid, validation) = await validator.ValidateAsync(write, ct);
        if (valid is null)
        {
            foreach (var (field, messages) in validation.ToDictionary())
                foreach (var message in messages) Error(RowOf(field, listing, write), $"{Column(field)}: {message}");
            return null;
        }
        if (!AssetWriter.InScope(user, organisationId, AssetWriter.AreasOf(valid)))
        {
            Error(first.Row, "this listing is outside your key's organisations and areas.");
            return null;
        }

        // An export names a listing without an external id by its own id, so importing an export back matches it too.
        var ownId = Guid.TryParse(listing.ExternalId, out var parsedId) ? parsedId : Guid.Empty;
        var existingId = await db.Assets.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.ExternalId == listing.ExternalId || (a.ExternalId == null && a.Id == ownId)).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        if (existingId is not { } id) return new Prepared(valid, verification, null, "created");
        var existing = await writer.WithWriteDetails(db.Assets.IgnoreQueryFilters().AsNoTracking()).FirstAsync(a => a.Id == id, ct);
        var unchanged = existing.DeletedAt is null && Fingerprint(AssetWriter.ToWrite(existing) with { ExternalId = write.ExternalId }) == Fingerprint(write)
            && new Verification(existing.LastVerifiedAt, existing.VerificationMethod) == verification;
        // A listing first exported without an external id keeps none, so it goes on matching by its own id.
        var keep = existing.ExternalId is null ? valid with { Write = write with { ExternalId = null } } : valid;
        return new Prepared(keep, verification, id, unchanged ? "unchanged" : "updated");
    }

    private async Task ApplyAsync(Prepared ready, ClaimsPrincipal user, CancellationToken ct)
    {
        var existing = ready.ExistingId is { } id ? await writer.WithWriteDetails(db.Assets.IgnoreQueryFilters()).FirstAsync(a => a.Id == id, ct) : null;
        var before = existing is null ? null : AssetWriter.ToWrite(existing);
        var write = ready.Valid.Write;
        // A new listing whose external id is a free UUID (an Open Referral service id, or an export's listing id) keeps it
        // as its own id, so ids stay stable across systems; it is then matched by that id and needs no external id.
        var keepId = existing is null && Guid.TryParse(write.ExternalId, out var given) && !await db.Assets.IgnoreQueryFilters().AnyAsync(a => a.Id == given, ct)
            ? given : (Guid?)null;
        if (keepId is not null) write = write with { ExternalId = null };
        var asset = existing ?? new Asset { Id = keepId ?? Guid.CreateVersion7(), Name = write.Name!, OrganisationId = write.OrganisationId!.Value };
        // A new venue named by several listings is made once: the first listing saves it, the rest reuse it.
        var venues = ready.Valid.Venues.Select(v => v.CreatedAt == default && _newVenues.TryGetValue(VenueKey(v), out var saved) ? saved : v).ToList();
        foreach (var venue in venues.Where(v => v.CreatedAt == default)) _newVenues.TryAdd(VenueKey(venue), venue);
        foreach (var venue in venues.Where(v => v.CreatedAt != default && db.Entry(v).State == EntityState.Detached)) db.Attach(venue);
        writer.Apply(asset, ready.Valid with { Venues = venues, Write = write });
        (asset.LastVerifiedAt, asset.VerificationMethod) = (ready.Verification.At, ready.Verification.Method);
        asset.DeletedAt = null;
        if (existing is null) db.Assets.Add(asset);
        await writer.SaveAsync(asset, existing is null ? "created" : "updated", user.Actor(), before, write, ct);
    }

    private async Task<AssetWrite?> BuildAsync(Listing listing, Guid organisationId, Action<int, string> error, CancellationToken ct)
    {
        var (row, f) = listing.Rows[0];
        var ok = true;
        T Parse<T>(string column, string text, Func<string, (bool, T)> parse, T fallback)
        {
            if (text.Length == 0) return fallback;
            var (parsed, value) = parse(text);
            if (parsed) return value;
            error(row, $"{column}: '{text}' is not valid here.");
            ok = false;
            return fallback;
        }
        string? Field(string column) => f.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
        bool Bool(string column, bool fallback) => Parse(column, Field(column) ?? "", t => t.ToLowerInvariant() switch
        {
            "yes" or "true" or "y" or "1" => (true, true),
            "no" or "false" or "n" or "0" => (true, false),
            _ => (false, fallback),
        }, fallback);
        int? Int(string column) => Parse<int?>(column, Field(column) ?? "", t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? (true, n) : (false, null), null);
        TEnum Enum<TEnum>(string column, TEnum fallback) where TEnum : struct, System.Enum =>
            Parse(column, Field(column) ?? "", t => EnumText.TryParse<TEnum>(t, out var e) ? (true, e) : (false, fallback), fallback);

        var costs = new List<CostWrite>();
        foreach (var text in AssetCsv.Split(Field("costs")))
        {
            if (AssetCsv.TryParseCost(text, out var cost, out var message)) costs.Add(cost);
            else { error(row, $"costs: {message}"); ok = false; }
        }

        var venues = new List<VenueWrite>();
        var schedules = new List<ScheduleWrite>();
        foreach (var (venueRow, v) in listing.Rows)
        {
            int? index = null;
            var name = v.GetValueOrDefault("venue_name", "");
            var postcode = v.GetValueOrDefault("postcode", "");
            if (name.Length > 0 || postcode.Length > 0)
            {
                index = venues.Count;
                venues.Add(await VenueAsync(venueRow, v, error, ct));
            }
            foreach (var text in AssetCsv.Split(v.GetValueOrDefault("schedules")))
            {
                if (ScheduleText.TryParse(text, index, out var schedule, out var message)) schedules.Add(schedule);
                else { error(venueRow, $"schedules: {message}"); ok = false; }
            }
        }

        var contact = new ContactWrite(Field("contact_name"), Field("contact_role"), Field("contact_email"), Field("contact_phone"));
        var write = new AssetWrite
        {
            OrganisationId = organisationId, ExternalId = listing.ExternalId, Name = Field("name"), Summary = Field("summary"), Description = Field("description"),
            Kind = Field("kind"), Status = Enum("status", AssetStatus.Active), HowToJoin = Enum("how_to_join", HowToJoin.DropIn), NewcomerInfo = Field("newcomer_info"),
            CompanionsWelcome = Bool("companions_welcome", false), AcceptingNewMembers = Bool("accepting_new_members", true),
            MinAge = Int("min_age"), MaxAge = Int("max_age"),
            Languages = AssetCsv.Split(Field("languages")) is { Length: > 0 } languages ? languages : ["en"],
            DeliveryModes = AssetCsv.Split(Field("delivery_modes")) is { Length: > 0 } modes ? modes : [DeliveryModes.InPerson],
            Website = Field("website"), Interests = AssetCsv.Split(Field("interests")), Audiences = AssetCsv.Split(Field("audiences")),
            Accessibility = AssetCsv.Split(Field("accessibility")), Costs = [.. costs],
            Contacts = contact == new ContactWrite() ? [] : [contact],
            ServiceAreas = [.. AssetCsv.Split(Field("service_areas")).Select(code => new ServiceAreaWrite(code.ToUpperInvariant()))],
            Venues = [.. venues], Schedules = [.. schedules],
        };
        return ok ? write : null;
    }

    /// <summary>The verification columns of a listing's first row; null (with errors reported) when they do not read.</summary>
    private static Verification? Verified(int row, IReadOnlyDictionary<string, string> fields, Action<int, string> error)
    {
        DateTimeOffset? at = null;
        VerificationMethod? method = null;
        var ok = true;
        if (fields.GetValueOrDefault("last_verified_at", "") is { Length: > 0 } text)
        {
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) at = parsed.ToUniversalTime();
            else { error(row, $"last_verified_at: '{text}' is not a date, such as 2026-09-30 or 2026-09-30T12:00:00Z."); ok = false; }
        }
        if (fields.GetValueOrDefault("verification_method", "") is { Length: > 0 } how)
        {
            if (EnumText.TryParse<VerificationMethod>(how, out var m)) method = m;
            else { error(row, $"verification_method: must be one of {EnumText.Values<VerificationMethod>()}."); ok = false; }
        }
        return ok ? new Verification(at, method) : null;
    }

    /// <summary>A venue already in the directory (same name and postcode) is reused; otherwise a new one is made.</summary>
    private async Task<VenueWrite> VenueAsync(int row, IReadOnlyDictionary<string, string> v, Action<int, string> error, CancellationToken ct)
    {
        var name = v.GetValueOrDefault("venue_name", "");
        var postcode = Postcodes.PostcodeFormat.TryParse(v.GetValueOrDefault("postcode"), out var parsed) ? parsed.Code : v.GetValueOrDefault("postcode", "");
        var existing = await db.Locations.Where(l => l.Name == name && l.Postcode == postcode).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(ct);
        if (existing is { } id) return new VenueWrite { LocationId = id, Name = name, Postcode = postcode };
        double? Coordinate(string column)
        {
            var text = v.GetValueOrDefault(column, "");
            if (text.Length == 0) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
            error(row, $"{column}: '{text}' is not a number.");
            return null;
        }
        string? Optional(string column) => v.GetValueOrDefault(column, "") is { Length: > 0 } text ? text : null;
        return new VenueWrite
        {
            Name = name, Address1 = Optional("address_1"), Address2 = Optional("address_2"), Town = Optional("town"), Postcode = postcode,
            Latitude = Coordinate("latitude"), Longitude = Coordinate("longitude"),
        };
    }

    /// <summary>The row a validation message belongs to: a venue's or schedule's own row, else the listing's first.</summary>
    private static int RowOf(string field, Listing listing, AssetWrite write)
    {
        int? Index(string prefix) => field.StartsWith(prefix + "[", StringComparison.Ordinal) && int.TryParse(field[(prefix.Length + 1)..field.IndexOf(']')], out var i) ? i : null;
        if (Index("venues") is { } venue) return RowOfVenue(listing, venue);
        if (Index("schedules") is { } schedule && write.Schedules[schedule].Venue is { } at) return RowOfVenue(listing, at);
        return listing.Rows[0].Row;
    }

    private static int RowOfVenue(Listing listing, int venue) =>
        listing.Rows.Where(r => r.Fields.GetValueOrDefault("venue_name", "").Length > 0 || r.Fields.GetValueOrDefault("postcode", "").Length > 0)
            .Select(r => r.Row).ElementAtOrDefault(venue) is var row and > 0 ? row : listing.Rows[0].Row;

    private static string Column(string field) => field switch
    {
        var f when f.StartsWith("venues[", StringComparison.Ordinal) => f[(f.IndexOf('.') + 1)..] is "name" ? "venue_name" : f[(f.IndexOf('.') + 1)..],
        var f when f.StartsWith("schedules[", StringComparison.Ordinal) => "schedules",
        var f when f.StartsWith("contacts[", StringComparison.Ordinal) => "contact_" + f[(f.IndexOf('.') + 1)..],
        var f when f.StartsWith("costs[", StringComparison.Ordinal) => "costs",
        var f when f.Contains('[') => f[..f.IndexOf('[')],
        var f => f,
    };

    /// <summary>What a listing says, independent of row order and of venue ids: equal fingerprints mean nothing to change.</summary>
    private static string Fingerprint(AssetWrite w)
    {
        string Venue(VenueWrite v) => $"{v.Name?.Trim().ToLowerInvariant()}|{v.Postcode?.Replace(" ", "").ToUpperInvariant()}";
        var venueKeys = w.Venues.Select(Venue).ToArray();
        var canonical = w with
        {
            Venues = [], Schedules = [], Interests = [.. w.Interests.Order()], Audiences = [.. w.Audiences.Order()], Accessibility = [.. w.Accessibility.Order()],
            Costs = [.. w.Costs.OrderBy(AssetCsv.Cost)], Contacts = [.. w.Contacts.OrderBy(c => c.Name)], Languages = [.. w.Languages.Order()],
            DeliveryModes = [.. w.DeliveryModes.Order()], ServiceAreas = [.. w.ServiceAreas.Select(s => new ServiceAreaWrite(s.AreaCode)).OrderBy(s => s.AreaCode)],
        };
        var schedules = w.Schedules.Select(s => (s.Venue is { } i ? venueKeys[i] : "-") + "|" + ScheduleText.Write(s)).Order();
        return JsonSerializer.Serialize(canonical) + string.Join(";", venueKeys.Order()) + string.Join(";", schedules);
    }
}
