using System.Security.Claims;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Curation;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>How a write treats a stored record that is deleted.</summary>
public enum DeletedRecord
{
    /// <summary>As if it did not exist (the endpoints: a deleted record is 404 everywhere).</summary>
    Hidden,
    /// <summary>Seen, and refused once scope allows saying so (imports: only /restore brings a listing back).</summary>
    Refused,
    /// <summary>The stored record must be deleted (restore).</summary>
    Required,
}

/// <summary>One write to a listing, venue or organisation, from an endpoint or an import row; <see cref="RecordWriter{TEntity,TWrite,TValid}.WriteAsync"/> carries it out.</summary>
public record WriteCommand<TEntity, TWrite>(string Action) where TEntity : class, ICuratedRecord where TWrite : class
{
    /// <summary>The stored record; null creates one.</summary>
    public Guid? Id { get; init; }
    /// <summary>The id for a new record (an import keeps a free Open Referral id); null makes one.</summary>
    public Guid? NewId { get; init; }
    /// <summary>The version the writer last saw (If-Match, or the export's version column).</summary>
    public uint? Version { get; init; }
    /// <summary>Write whatever the stored version (an import with on_conflict=overwrite; restore and verify, which change no content).</summary>
    public bool IgnoreVersion { get; init; }
    public DeletedRecord Deleted { get; init; } = DeletedRecord.Hidden;
    /// <summary>The new body from the stored one (null for a create); returning null means it could not be built. Null leaves the body as it is.</summary>
    public Func<TWrite?, TWrite?>? Body { get; init; }
    /// <summary>State outside the body (deleted_at, verification); returns whether it changed anything.</summary>
    public Func<TEntity, bool>? Alter { get; init; }
    /// <summary>Why the stored record may not take this write (a venue still in use, say): a 409 in these words; null lets it.</summary>
    public Func<TEntity, CancellationToken, Task<string?>>? Conflict { get; init; }
    /// <summary>Save nothing when neither the body nor <see cref="Alter"/> changes anything (imports: "unchanged").</summary>
    public bool SkipUnchanged { get; init; }
    /// <summary>What history records as the new state, when it is not the body (a verification); the body otherwise, or null for a delete.</summary>
    public Func<TEntity, object?>? Recorded { get; init; }
    /// <summary>Check everything and report the changes, but save nothing (an import's dry run).</summary>
    public bool DryRun { get; init; }
}

public enum WriteOutcome { Saved, Unchanged, NotFound, OutOfScope, Stale, Invalid, Unmergeable, Deleted, Conflict }

public sealed record WriteResult<TEntity>(WriteOutcome Outcome) where TEntity : class
{
    public TEntity? Entity { get; init; }
    public Validation? Validation { get; init; }
    /// <summary>For <see cref="WriteOutcome.OutOfScope"/> and <see cref="WriteOutcome.Conflict"/>: why, in words for the curator.</summary>
    public string? Detail { get; init; }
    /// <summary>For <see cref="WriteOutcome.OutOfScope"/>: the listings outside the key's scope that stand in the way.</summary>
    public IReadOnlyList<Guid> Blocking { get; init; } = [];
    public IReadOnlyList<FieldChange> Changes { get; init; } = [];

    public static WriteResult<TEntity> OutOfScope(string detail, IReadOnlyList<Guid>? blocking = null) =>
        new(WriteOutcome.OutOfScope) { Detail = detail, Blocking = blocking ?? [] };

    public static WriteResult<TEntity> Invalid(string field, string message)
    {
        var v = new Validation();
        v.Add(field, message);
        return new(WriteOutcome.Invalid) { Validation = v };
    }
}

/// <summary>
/// The one write pipeline for listings, venues and organisations. Every endpoint and every import row goes through
/// <see cref="WriteAsync"/>, which loads the stored record, checks scope against it, builds and validates the new body,
/// checks scope against the new state and every record it touches, checks the version, applies, and saves the change with
/// its audit entry (in <see cref="AuditLog.SaveAsync"/>, the one place a change is saved). A record type brings only its
/// own rules (the abstract members); a step added here holds on every path for all three.
/// </summary>
public abstract class RecordWriter<TEntity, TWrite, TValid>(DirectoryDbContext db, TimeProvider clock, AuditLog audit)
    where TEntity : class, ICuratedRecord where TWrite : class where TValid : class
{
    protected DirectoryDbContext Db { get; } = db;

    /// <summary>The entity type history and the changes feed name (asset, location, organisation).</summary>
    protected abstract string EntityType { get; }

    /// <summary>The stored record, tracked, deleted ones included, with whatever scope and <see cref="ToWrite"/> read.</summary>
    protected abstract Task<TEntity?> LoadAsync(Guid id, CancellationToken ct);

    /// <summary>The stored record as a write body: what PATCH merges into, what history records and what changes compare.</summary>
    protected abstract TWrite ToWrite(TEntity stored);

    /// <summary>Null when the user may change the stored record as it is; otherwise the out-of-scope result.</summary>
    protected abstract Task<WriteResult<TEntity>?> OutsideStoredAsync(ClaimsPrincipal user, TEntity stored, CancellationToken ct);

    /// <summary>The body checked and resolved (<paramref name="before"/> is null for a create), or the validation that failed.</summary>
    protected abstract Task<(TValid? Valid, Validation Validation)> ValidateAsync(TWrite body, TWrite? before, CancellationToken ct);

    /// <summary>Null when the user may make the record into this, and everything it touches lets it; otherwise why not.</summary>
    protected abstract Task<WriteResult<TEntity>?> RefuseNewAsync(ClaimsPrincipal user, TEntity? stored, TWrite body, TValid valid, CancellationToken ct);

    /// <summary>The validated body in the shape <see cref="ToWrite"/> gives the stored record, so the two compare field by field.</summary>
    protected abstract TWrite Canonical(TValid valid);

    protected abstract TEntity Create(Guid id, TValid valid);

    protected abstract void Apply(TEntity record, TValid valid);

    /// <summary>Anything that must be saved with the changes, in their transaction (search documents, say): set-based for a batch.</summary>
    protected virtual Task AlongsideAsync(IReadOnlyList<TEntity> records, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The stored records with these ids, tracked, as <see cref="LoadAsync"/> gives one (one query for a batch).</summary>
    protected virtual async Task<IReadOnlyList<TEntity>> LoadManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var found = new List<TEntity>();
        foreach (var id in ids)
            if (await LoadAsync(id, ct) is { } record) found.Add(record);
        return found;
    }

    // Records loaded ahead for the commands of a batch, and the records staged for its one save.
    private readonly Dictionary<Guid, TEntity> _prefetched = [];
    private readonly List<TEntity> _staged = [];

    /// <summary>Loads the stored records the next commands name in one go (an import's chunk), so each needs no query of its own.</summary>
    public async Task PrefetchAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        _prefetched.Clear();
        if (ids.Count == 0) return;
        foreach (var record in await LoadManyAsync(ids, ct)) _prefetched[record.Id] = record;
    }

    /// <summary>One write, checked and saved on its own: a batch of one (<see cref="StageAsync"/>, then <see cref="SaveStagedAsync"/>).</summary>
    public async Task<WriteResult<TEntity>> WriteAsync(WriteCommand<TEntity, TWrite> command, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await StageAsync(command, user, ct);
        if (result.Outcome != WriteOutcome.Saved || command.DryRun) return result;
        return (await SaveStagedAsync(ct)).Count == 0 ? result : new(WriteOutcome.Stale) { Entity = result.Entity };
    }

    /// <summary>
    /// Every step of a write but the save: loads the stored record, checks scope, the version and the body, applies it,
    /// and stages its audit entry. A Saved result is saved by the next <see cref="SaveStagedAsync"/> (a dry run stages
    /// nothing), so a batch of writes (an import's chunk) takes one SaveChanges, while each write is checked exactly as
    /// one on its own.
    /// </summary>
    public async Task<WriteResult<TEntity>> StageAsync(WriteCommand<TEntity, TWrite> command, ClaimsPrincipal user, CancellationToken ct)
    {
        TEntity? record = null;
        TWrite? before = null;
        if (command.Id is { } id)
        {
            record = _prefetched.Remove(id, out var prefetched) ? prefetched : await LoadAsync(id, ct);
            if (record is null || (record.DeletedAt is not null && command.Deleted == DeletedRecord.Hidden)) return new(WriteOutcome.NotFound);
            if (await OutsideStoredAsync(user, record, ct) is { } outside) return outside;
            if ((record.DeletedAt is not null) != (command.Deleted == DeletedRecord.Required))
                return new(command.Deleted == DeletedRecord.Required ? WriteOutcome.NotFound : WriteOutcome.Deleted);
            before = ToWrite(record);
        }

        var after = before;
        TValid? valid = null;
        if (command.Body is not null)
        {
            if (command.Body(before) is not { } body) return new(WriteOutcome.Unmergeable);
            var (checkedBody, validation) = await ValidateAsync(body, before, ct);
            if (checkedBody is null) return new(WriteOutcome.Invalid) { Validation = validation };
            valid = checkedBody;
            if (await RefuseNewAsync(user, record, body, valid, ct) is { } refused) return refused;
            after = Canonical(valid);
        }
        if (record is not null && command.Conflict is { } conflict && await conflict(record, ct) is { } why)
            return new(WriteOutcome.Conflict) { Detail = why };

        // A create's every field is new, so it lists none (an import of thousands would only spend time on them).
        var changes = before is null ? [] : FieldChange.Between(before, after);
        var stale = command.Id is not null && !command.IgnoreVersion && command.Version != record!.Version;
        var created = record is null;
        record ??= Create(command.NewId ?? Guid.CreateVersion7(), valid!);
        var altered = command.Alter?.Invoke(record) ?? false;
        // A write that changes nothing cannot undo anyone's edit, so it is "unchanged" whatever version it names.
        if (command.SkipUnchanged && !created && changes.Count == 0 && !altered) return new(WriteOutcome.Unchanged) { Entity = record };
        if (stale || command.DryRun)
        {
            // Left as stored, so a later save of the batch does not take what Alter changed.
            if (!created) Discard(record);
            return new(stale ? WriteOutcome.Stale : WriteOutcome.Saved) { Entity = record, Changes = changes };
        }

        if (valid is not null) Apply(record, valid);
        // Always touched, so the row version moves and a concurrent stale write is refused even when only children change.
        record.UpdatedAt = clock.GetUtcNow();
        if (created) Db.Add(record);
        // The version read above, so a write that lands between that read and this save is detected too.
        else Db.Entry(record).Property(nameof(ICuratedRecord.Version)).OriginalValue = record.Version;
        var recorded = command.Recorded is { } recordAs ? recordAs(record) : command.Action == "deleted" ? null : after;
        var recordedBefore = command.Recorded is null ? before : null;
        audit.Stage(EntityType, record.Id, command.Action, user.Actor(), recordedBefore, recorded);
        Staged(record, created);
        _staged.Add(record);
        return new(WriteOutcome.Saved) { Entity = record, Changes = changes };
    }

    private void Discard(TEntity record)
    {
        var entry = Db.Entry(record);
        if (entry.State != Microsoft.EntityFrameworkCore.EntityState.Modified) return;
        entry.CurrentValues.SetValues(entry.OriginalValues);
        entry.State = Microsoft.EntityFrameworkCore.EntityState.Unchanged;
    }

    /// <summary>What a record type remembers of a staged write for the rest of its batch (an external id taken or given up, say).</summary>
    protected virtual void Staged(TEntity record, bool created) { }

    /// <summary>
    /// Saves every staged write in one SaveChanges with their audit entries (<see cref="AuditLog.SaveStagedAsync"/>) and
    /// <see cref="AlongsideAsync"/> for them all. Returns the ids of the records whose row version had moved on since they
    /// were loaded (empty when all was saved); nothing of the batch is written then.
    /// </summary>
    /// <param name="copy">New rows go in by COPY (<see cref="AuditLog.SaveStagedAsync"/>): an import's chunk.</param>
    public async Task<IReadOnlyList<Guid>> SaveStagedAsync(CancellationToken ct, bool copy = false)
    {
        var records = _staged.ToList();
        _staged.Clear();
        if (records.Count == 0) return [];
        var refused = await audit.SaveStagedAsync(ct, () => AlongsideAsync(records, ct), copy);
        if (refused.Count == 0) return [];
        var ids = refused.OfType<ICuratedRecord>().Select(r => r.Id).Distinct().ToList();
        // A conflict EF could not pin on a record refuses the whole batch.
        return ids.Count > 0 ? ids : [.. records.Select(r => r.Id)];
    }
}
