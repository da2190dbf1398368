using System.Diagnostics;
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
using Microsoft.Extensions.Options;

namespace ConnectingPeople.Directory.Api.Features.Transfer;

/// <summary>What became (or would become) of one row of the file.</summary>
/// <param name="Row">The row's number in the file (the header is row 1), or the feature's or service's position.</param>
/// <param name="ExternalId">The row's external_id, when it has one.</param>
/// <param name="Status">created, updated, unchanged or error.</param>
/// <param name="Errors">What is wrong with the row, naming each column; empty when it is fine.</param>
/// <param name="Changes">For a row that updates (or would update) a listing: the fields it changes, before and after.</param>
public sealed record ImportRow(int Row, string? ExternalId, string Status, IReadOnlyList<string> Errors, IReadOnlyList<FieldChange>? Changes = null)
{
    /// <summary>The fields an updated (or stale) row changes, before and after; empty for other rows.</summary>
    public IReadOnlyList<FieldChange> Changes { get; init; } = Changes ?? [];
}

/// <param name="Overwrite">on_conflict=overwrite: a row replaces its listing even if the listing changed since the export.</param>
public sealed record ImportOptions(bool DryRun, bool Overwrite = false);

/// <summary>The outcome of an import (or a dry run): counts, then every row.</summary>
/// <param name="DryRun">true when nothing was meant to be saved.</param>
/// <param name="Applied">true when the rows were saved.</param>
/// <param name="Created">Listings created (or that would be).</param>
/// <param name="Updated">Listings updated (or that would be).</param>
/// <param name="Unchanged">Listings the file leaves as they are.</param>
/// <param name="Errors">Rows with errors; any at all and nothing is saved.</param>
/// <param name="Rows">Every row, in file order.</param>
public sealed record ImportReport(bool DryRun, bool Applied, int Created, int Updated, int Unchanged, int Errors, IReadOnlyList<ImportRow> Rows);

/// <summary>
/// Imports listings from CSV in one transaction, committed only for a real run without a single error, so a failed run
/// writes nothing. Each listing goes through <see cref="AssetWriter"/> (the one write pipeline), the same pipeline as the endpoints,
/// so scope, versions and validation hold exactly as they do there; a dry run goes through it too and saves nothing.
/// Listings are taken a chunk at a time (<see cref="ImportSettings.ChunkSize"/>): looked up together, staged through the
/// pipeline one by one in file order, then saved together, so a row costs no round trip of its own.
/// Listings are matched on the row's organisation and external_id, so importing the same file again changes nothing,
/// and another organisation's external ids neither collide nor show.
/// </summary>
public sealed class CsvImporter(DirectoryDbContext db, AssetValidator validator, AssetWriter writer, OrganisationWriter organisationWriter, IOptions<ImportSettings> settings,
    ILogger<CsvImporter> logger)
{
    public const string OutsideScope = "outside your scope: this key may change only listings of its organisations, or listings whose every venue and service area lies in its areas.";

    public const string ChangedSinceExport = "changed since your export: export again, or import with `on_conflict=overwrite`.";

    private sealed record Listing(string ExternalId, List<(int Row, IReadOnlyDictionary<string, string> Fields)> Rows);

    private const string AlreadyInDirectory = "version: this listing is already in the directory; give the version from your export, or import with `on_conflict=overwrite`.";

    // Listings are looked up, checked and saved this many at a time (see ImportLookups): a few queries and one save a
    // chunk instead of a few a row.
    private readonly int _chunkSize = settings.Value.ChunkSize;

    private readonly ImportLookups _lookups = new(db, validator);

    private readonly ImportStatistics _statistics = new(db, settings.Value.AnalyzeFromRows);

    // The listings of the chunk staged for its save: their id, rows, status and where their rows start in the report.
    private readonly List<(Guid Id, Listing Listing, string Status, int ReportAt)> _staged = [];

    private IReadOnlyDictionary<string, OrganisationWrite>? _organisationDetails;

    /// <summary>
    /// Imports a body in one of the formats (csv, geojson, openreferral). It is spooled to a temporary file first (the
    /// server allows no synchronous reads of a request body), then read a row or a feature at a time from there, so memory
    /// stays the same whatever the size of the file. A file that turns out unreadable part way is an
    /// <see cref="ImportFormatException"/>, and nothing is written.
    /// </summary>
    public async Task<(ImportReport? Report, string? HeaderProblem)> ImportAsync(Stream body, string format, ImportOptions options, ClaimsPrincipal user, CancellationToken ct)
    {
        await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await body.CopyToAsync(spool, ct);
        spool.Position = 0;
        switch (format)
        {
            case "geojson":
                return await ImportAsync(AssetGeoJson.Rows(spool), options, user, ct);
            case "openreferral":
                var organisations = new Dictionary<string, OrganisationWrite>(StringComparer.OrdinalIgnoreCase);
                return await ImportAsync(OrukImport.Rows(spool, organisations), options, user, ct, organisations);
            default:
                using (var reader = new StreamReader(spool, leaveOpen: true))
                    return await ImportAsync(Csv.ReadRows(reader), options, user, ct);
        }
    }

    /// <summary>
    /// Imports rows in the CSV layout: a header row naming columns, then one row per listing at a venue, the rows of one
    /// listing next to each other (as exports write them). Read once, in order, a listing at a time.
    /// </summary>
    public async Task<(ImportReport? Report, string? HeaderProblem)> ImportAsync(IEnumerable<string[]> rows, ImportOptions options, ClaimsPrincipal user, CancellationToken ct,
        IReadOnlyDictionary<string, OrganisationWrite>? organisationDetails = null)
    {
        _organisationDetails = organisationDetails;
        using var source = rows.GetEnumerator();
        if (!source.MoveNext()) return (null, "the file is empty: the first line must name the columns.");
        var header = source.Current.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = new[] { "external_id", "organisation", "name" }.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0) return (null, $"the header lacks {string.Join(", ", missing)}; the columns are: {string.Join(", ", AssetCsv.Columns)}.");
        var unknown = header.Where(h => !AssetCsv.Columns.Contains(h)).ToList();
        if (unknown.Count > 0) return (null, $"unknown column(s) {string.Join(", ", unknown)}; the columns are: {string.Join(", ", AssetCsv.Columns)}.");
        var repeated = header.GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0) return (null, $"the header names {string.Join(", ", repeated)} more than once; give each column once.");

        var report = new List<ImportRow>();
        var counts = new Dictionary<string, int> { ["created"] = 0, ["updated"] = 0, ["unchanged"] = 0 };
        // Only each listing's first row is remembered, so a listing whose rows are apart is told rather than half-imported.
        var firstRows = new Dictionary<string, int>(StringComparer.Ordinal);
        var failed = options.DryRun;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The chunk lookups are prepared statements (Npgsql auto-prepares), and PostgreSQL keeps a generic plan made
        // while this import's tables were small: a scan of every row written so far, so each chunk cost more than the
        // last. Planned afresh each time, they find the rows by index whatever the import has added.
        // (ImportStatistics keeps the statistics those plans rest on up with the rows the import adds.) No JIT either: a
        // chunk's statement touches hundreds of rows, and compiling it cost more than running it.
        await db.Database.ExecuteSqlRawAsync("SET LOCAL plan_cache_mode = force_custom_plan", ct);
        await db.Database.ExecuteSqlRawAsync("SET LOCAL jit = off", ct);
        // Rows name organisations without regard to case. Two whose names differ only in case can't be told apart by a
        // row: their name maps to Guid.Empty, and a row naming it is told so (ImportListingAsync).
        var organisations = new Dictionary<string, Guid>();
        foreach (var o in await db.Organisations.AsNoTracking().Select(o => new { o.Name, o.Id }).ToListAsync(ct))
            organisations[o.Name.ToLowerInvariant()] = organisations.ContainsKey(o.Name.ToLowerInvariant()) ? Guid.Empty : o.Id;

        var pending = new List<Listing>();
        List<string> chunkExternalIds = [];
        var chunk = 0;
        async Task QueueAsync(Listing listing)
        {
            pending.Add(listing);
            if (pending.Count >= _chunkSize) await FlushAsync();
        }
        // A chunk of listings: looked up together, each checked and applied through the pipeline in file order (a later
        // listing sees what an earlier one staged, a new hall say), then saved together in one SaveChanges.
        async Task FlushAsync()
        {
            var started = Stopwatch.GetTimestamp();
            // Distinct: the organisation a chunk's rows name is one id to look up, not one a row.
            var organisationIds = pending.Select(l => organisations.GetValueOrDefault(l.Rows[0].Fields["organisation"].ToLowerInvariant())).Where(id => id != Guid.Empty).Distinct().ToList();
            var venues = pending.SelectMany(l => l.Rows).Select(r => (r.Fields.GetValueOrDefault("venue_name", ""), ImportLookups.Postcode(r.Fields.GetValueOrDefault("postcode"))))
                .Where(v => v.Item1.Length > 0 || v.Item2.Length > 0).ToList();
            chunkExternalIds = [.. pending.Select(l => l.ExternalId)];
            await _lookups.LoadAsync(chunkExternalIds, organisationIds, venues, ct);
            writer.PrimeExternalIds(organisationIds, chunkExternalIds, _lookups.ExternalIdsTaken);
            await writer.PrefetchAsync(_lookups.StoredIds, ct);
            var looked = Stopwatch.GetTimestamp();
            foreach (var listing in pending) await FinishAsync(listing);
            var checkedAt = Stopwatch.GetTimestamp();
            await SaveStagedAsync();
            var analyzed = !failed && await _statistics.AfterSaveAsync(counts["created"] + counts["updated"], ct);
            // Counts and times only: the way to see that a chunk late in a large import costs what an early one did.
            logger.LogDebug("Import chunk {Chunk}: {Listings} listings, lookups {LookupMs:F0} ms, checks {CheckMs:F0} ms, save {SaveMs:F0} ms{Analyzed}",
                ++chunk, pending.Count, Stopwatch.GetElapsedTime(started, looked).TotalMilliseconds,
                Stopwatch.GetElapsedTime(looked, checkedAt).TotalMilliseconds, Stopwatch.GetElapsedTime(checkedAt).TotalMilliseconds, analyzed ? " (with ANALYZE)" : "");
            pending.Clear();
            // Tracking every listing saved so far would make each later chunk slower.
            db.ChangeTracker.Clear();
        }

        async Task FinishAsync(Listing listing)
        {
            ct.ThrowIfCancellationRequested();
            var errors = listing.Rows.ToDictionary(r => r.Row, _ => new List<string>());
            // Once a real run has an error nothing will be written, so the rest is only checked, as in a dry run.
            var (status, changes, staged) = await ImportListingAsync(listing, organisations, failed ? options with { DryRun = true } : options, user,
                (row, message) => errors[row].Add(message), SaveStagedAsync, chunkExternalIds, ct);
            if (counts.ContainsKey(status)) counts[status]++;
            failed |= status == "error";
            if (staged is { } id) _staged.Add((id, listing, status, report.Count));
            // A clean row shares the one empty list: a large import keeps every row's report until it ends.
            report.AddRange(listing.Rows.Select(r => errors[r.Row] is { Count: > 0 } rowErrors
                ? new ImportRow(r.Row, listing.ExternalId, "error", rowErrors, changes)
                : new ImportRow(r.Row, listing.ExternalId, status, [], changes)));
        }

        // Saves the listings staged so far. One whose row version moved on since the chunk read it (a write that landed
        // meanwhile) is that row's error, as it would have been had it been saved on its own; the import then fails.
        async Task SaveStagedAsync()
        {
            var refused = (await writer.SaveStagedAsync(ct, copy: true)).ToHashSet();
            foreach (var (id, listing, status, at) in _staged.Where(s => refused.Contains(s.Id)))
            {
                counts[status]--;
                failed = true;
                var version = listing.Rows[0].Fields.GetValueOrDefault("version", "");
                for (var i = 0; i < listing.Rows.Count; i++)
                    report[at + i] = report[at + i] with
                    {
                        Status = "error",
                        Errors = i > 0 ? [] : [version.Length == 0 ? AlreadyInDirectory : $"version: {ChangedSinceExport}"],
                    };
            }
            _staged.Clear();
        }

        Listing? current = null;
        for (var row = 2; source.MoveNext(); row++)
        {
            var values = source.Current;
            if (values.All(string.IsNullOrWhiteSpace)) continue;
            var fields = header.Select((h, c) => (h, v: c < values.Length ? values[c].Trim() : "")).ToDictionary(x => x.h, x => x.v);
            // The same input boundary as the API's: every cell is checked for control characters and NFKC-normalised.
            var refused = new List<string>();
            foreach (var column in header)
            {
                var (clean, cellProblem) = InputText.Clean(fields[column], multiline: true);
                if (cellProblem is null) fields[column] = clean;
                else refused.Add($"{column}: {cellProblem}");
            }
            if (refused.Count > 0)
            {
                report.Add(new ImportRow(row, InputText.Printable(fields["external_id"]), "error", refused));
                failed = true;
                continue;
            }
            var externalId = fields["external_id"];
            string? problem = null;
            if (externalId.Length == 0) problem = "external_id: is required, so a second import updates instead of duplicating.";
            else if (current?.ExternalId != externalId && firstRows.TryGetValue(externalId, out var first))
                problem = $"external_id: the rows of one listing must be next to each other; this listing's rows start at row {first}.";
            if (problem is not null)
            {
                report.Add(new ImportRow(row, externalId, "error", [problem]));
                failed = true;
                continue;
            }
            if (current?.ExternalId != externalId)
            {
                if (current is not null) await QueueAsync(current);
                current = new Listing(externalId, []);
                firstRows[externalId] = row;
            }
            current.Rows.Add((row, fields));
        }
        if (current is not null) pending.Add(current);
        if (pending.Count > 0) await FlushAsync();

        var errorCount = report.Count(r => r.Errors.Count > 0);
        var applied = !options.DryRun && errorCount == 0;
        if (applied) await transaction.CommitAsync(ct);
        else await transaction.RollbackAsync(ct);
        // In place: a row is reported once, so the order is the file's whatever the sort.
        report.Sort((a, b) => a.Row.CompareTo(b.Row));
        return (new ImportReport(options.DryRun, applied, counts["created"], counts["updated"], counts["unchanged"], errorCount, report), null);
    }

    /// <summary>
    /// Builds one listing from its rows and stages it through the pipeline; its status, the fields it changes, and its id
    /// when it is staged for the chunk's save.
    /// </summary>
    private async Task<(string Status, IReadOnlyList<FieldChange>? Changes, Guid? Staged)> ImportListingAsync(Listing listing, Dictionary<string, Guid> organisations,
        ImportOptions options, ClaimsPrincipal user, Action<int, string> error, Func<Task> saveStaged, IReadOnlyCollection<string> chunkExternalIds, CancellationToken ct)
    {
        var first = listing.Rows[0];
        var organisationName = first.Fields["organisation"];
        if (organisations.TryGetValue(organisationName.ToLowerInvariant(), out var organisationId) && organisationId == Guid.Empty)
        {
            error(first.Row, $"organisation: '{organisationName}' names more than one organisation (their names differ only in case); an admin can rename one.");
            return ("error", null, null);
        }
        if (organisationId == Guid.Empty)
        {
            if (!user.IsAdmin() || organisationName.Length == 0)
            {
                error(first.Row, $"organisation: '{organisationName}' is not an organisation in this directory" + (user.IsAdmin() ? "." : " (only an admin import creates organisations)."));
                return ("error", null, null);
            }
            // The organisation's own save would take the staged listings with it, without the rest of their save.
            await saveStaged();
            if (await CreateOrganisationAsync(organisationName, user, ct) is not { } created)
            {
                error(first.Row, $"organisation: '{organisationName}' cannot be created: an organisation's name, website, email and phone must be valid.");
                return ("error", null, null);
            }
            organisationId = created;
            organisations[organisationName.ToLowerInvariant()] = organisationId;
            // The rest of the chunk's listings of the new organisation are checked against it without a query each: a
            // new organisation has no listings, so none of the chunk's external ids is taken in it yet.
            writer.PrimeExternalIds([organisationId], chunkExternalIds, [], replace: false);
        }

        // Matched within the row's organisation, so a row never reaches another organisation's listing by its external id.
        var ownId = Guid.TryParse(listing.ExternalId, out var parsedId) ? parsedId : Guid.Empty;
        var match = _lookups.Find(organisationId, listing.ExternalId, ownId);

        var (write, built) = await BuildAsync(listing, organisationId, match?.Id, user, error, ct);
        var verification = Verified(first.Row, first.Fields, error);
        var version = Version(first.Row, first.Fields, error);
        if (!built || verification is null || version is { Ok: false })
        {
            // Still checked, so the row reports every problem at once, not only the ones found while reading it.
            ReportInvalid(listing, write, (await validator.ValidateAsync(write, ct)).Validation, error);
            return ("error", null, null);
        }

        // A listing first exported without an external id keeps none, so it goes on matching by its own id.
        if (match is { ExternalId: null }) write = write with { ExternalId = null };
        // A new listing whose external id is a free UUID (an Open Referral service id, or an export's listing id) keeps it
        // as its own id, so ids stay stable across systems; it is then matched by that id and needs no external id.
        Guid? newId = match is null && ownId != Guid.Empty && _lookups.IdIsFree(ownId) ? ownId : null;
        if (newId is not null) write = write with { ExternalId = null };
        var overwrite = match is not null && options.Overwrite && version?.Value != match.Version;
        var command = new ListingCommand(match is null ? "created" : overwrite ? "overwritten" : "updated")
        {
            Id = match?.Id, NewId = newId, Version = version?.Value, IgnoreVersion = options.Overwrite, Deleted = DeletedRecord.Refused,
            Body = _ => write, SkipUnchanged = true, DryRun = options.DryRun,
            Alter = a =>
            {
                var changed = new Verification(a.LastVerifiedAt, a.VerificationMethod) != verification;
                (a.LastVerifiedAt, a.VerificationMethod) = (verification.At, verification.Method);
                return changed;
            },
        };
        var result = await writer.StageAsync(command, user, ct);
        Guid? staged = options.DryRun ? null : result.Entity?.Id;
        switch (result.Outcome)
        {
            case WriteOutcome.Saved when match is null:
                if (!options.DryRun) _lookups.Created(result.Entity!.Id, result.Entity.Locations.Select(l => l.Location));
                // A created row's every field is new: listing them would only make a large import's report larger.
                return ("created", null, staged);
            case WriteOutcome.Saved: return ("updated", result.Changes, staged);
            case WriteOutcome.Unchanged: return ("unchanged", null, null);
            case WriteOutcome.Invalid: ReportInvalid(listing, write, result.Validation!, error); break;
            // The same words whether the listing exists or not, so an import cannot probe for ids it may not see.
            case WriteOutcome.OutOfScope or WriteOutcome.NotFound: error(first.Row, OutsideScope); break;
            case WriteOutcome.Stale:
                error(first.Row, version is null ? AlreadyInDirectory : $"version: {ChangedSinceExport}");
                return ("error", result.Changes, null);
            case WriteOutcome.Deleted: error(first.Row, $"external_id: names a deleted listing; an import never brings one back: restore it with POST /api/v1/assets/{match!.Id}/restore, then import again."); break;
            default: error(first.Row, "could not be imported."); break;
        }
        return ("error", null, null);
    }

    /// <summary>
    /// Through the organisations' own write pipeline, so an import creates one exactly as the endpoint does; null when it
    /// may not. Saved even in a dry run (whose transaction is rolled back), so its listings are checked against it.
    /// </summary>
    private async Task<Guid?> CreateOrganisationAsync(string name, ClaimsPrincipal user, CancellationToken ct)
    {
        var details = _organisationDetails?.GetValueOrDefault(name) ?? new OrganisationWrite(name);
        var result = await organisationWriter.WriteAsync(new OrganisationCommand("created") { Body = _ => details with { Name = name } }, user, ct);
        return result.Outcome == WriteOutcome.Saved ? result.Entity!.Id : null;
    }

    private static void ReportInvalid(Listing listing, AssetWrite write, Validation validation, Action<int, string> error)
    {
        foreach (var (field, messages) in validation.ToDictionary())
            foreach (var message in messages) error(RowOf(field, listing, write), $"{Column(field)}: {message}");
    }

    /// <summary>The version column of a listing's first row: null when blank, Ok false (reported) when it does not read.</summary>
    private static (bool Ok, uint Value)? Version(int row, IReadOnlyDictionary<string, string> fields, Action<int, string> error)
    {
        if (fields.GetValueOrDefault("version", "") is not { Length: > 0 } text) return null;
        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return (true, version);
        error(row, $"version: '{text}' is not a version; copy it from your export.");
        return (false, 0);
    }

    /// <summary>The listing its rows describe; Ok is false when some value did not read (reported, and left at its default).</summary>
    private async Task<(AssetWrite Write, bool Ok)> BuildAsync(Listing listing, Guid organisationId, Guid? stored, ClaimsPrincipal user, Action<int, string> error,
        CancellationToken ct)
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
                venues.Add(await VenueAsync(venueRow, v, stored, user, error, ct));
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
        return (write, ok);
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

    /// <summary>
    /// A venue already in the directory (same name and postcode) is reused when the key may link it: first one the listing
    /// already meets at, then one in the key's scope. Otherwise a new one is made, so an import never attaches a listing to
    /// a venue another organisation could then see changed, nor tells whether such a venue exists.
    /// </summary>
    private async Task<VenueWrite> VenueAsync(int row, IReadOnlyDictionary<string, string> v, Guid? stored, ClaimsPrincipal user, Action<int, string> error, CancellationToken ct)
    {
        var name = v.GetValueOrDefault("venue_name", "");
        var postcode = ImportLookups.Postcode(v.GetValueOrDefault("postcode"));
        foreach (var candidate in _lookups.Venues(name, postcode, stored))
            if (candidate.Linked || await writer.MayLinkAsync(candidate.Venue, user, ct))
                return new VenueWrite { LocationId = candidate.Venue.Id, Name = name, Postcode = postcode };
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
}
