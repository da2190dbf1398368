using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Data;

/// <summary>
/// SaveChanges for a batch of thousands of rows (an import's chunk): the rows the context tracks as Added go in with one
/// binary COPY per table, the rest (updates, deletes) through SaveChanges. EF Core building a command for each new row,
/// and detecting changes over the whole tracker more than once, was most of the cost of saving such a batch. Columns,
/// names, value conversions and store types come from the EF model, so the rows are the ones SaveChanges would have
/// written; tables go in foreign-key order. Afterwards the entities are as after a SaveChanges (Unchanged), except those
/// whose key the database assigns (audit entries), which are detached: nothing reads their key back. Runs on the
/// context's connection, inside its transaction (which the caller holds), under a savepoint: if SaveChanges fails, the
/// copied rows are undone with it.
/// </summary>
public static class AddedRowsCopy
{
    private const string Savepoint = "added_rows_copy";

    /// <param name="ordered">Entities whose rows go in this order (audit entries, whose ids then follow it); the rest go as tracked.</param>
    public static async Task SaveChangesAsync(DirectoryDbContext db, IReadOnlyList<object> ordered, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("AddedRowsCopy runs inside the caller's transaction.");
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        // Changes are detected once, here; every Entries() and SaveChanges below would otherwise do it again.
        db.ChangeTracker.DetectChanges();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await transaction.CreateSavepointAsync(Savepoint, ct);
            db.StampTimes();
            var position = ordered.Select((entity, i) => (entity, i)).ToDictionary(x => x.entity, x => x.i, ReferenceEqualityComparer.Instance);
            var added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added)
                .OrderBy(e => position.GetValueOrDefault(e.Entity, int.MaxValue)).ToList();
            foreach (var rows in InForeignKeyOrder([.. added.GroupBy(e => e.Metadata)])) await CopyAsync(db, rows, ct);
            foreach (var entry in added)
            {
                if (entry.Metadata.FindPrimaryKey()!.Properties.Any(p => entry.Property(p.Name).IsTemporary))
                {
                    entry.State = EntityState.Detached;
                    continue;
                }
                // As SaveChanges accepts them: what was written is now the original, so the stamped times are no edit.
                entry.OriginalValues.SetValues(entry.CurrentValues);
                entry.State = EntityState.Unchanged;
            }
            if (db.ChangeTracker.Entries().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            {
                try { await db.SaveChangesAsync(ct); }
                catch (DbUpdateConcurrencyException)
                {
                    await transaction.RollbackToSavepointAsync(Savepoint, ct);
                    throw;
                }
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private static async Task CopyAsync(DirectoryDbContext db, IGrouping<IEntityType, EntityEntry> rows, CancellationToken ct)
    {
        var table = StoreObjectIdentifier.Table(rows.Key.GetTableName()!, rows.Key.GetSchema());
        var columns = rows.Key.GetProperties().Where(p => Written(p, rows.First()))
            .Select(p => (Property: p, Name: p.GetColumnName(table)!, Mapping: p.GetRelationalTypeMapping())).ToList();
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginBinaryImportAsync($"COPY \"{table.Schema}\".\"{table.Name}\" ({names}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            // Once a row: each CurrentValues is a new object, and taking it for every column was a tenth of what an
            // import allocated.
            var values = row.CurrentValues;
            foreach (var (property, _, mapping) in columns)
            {
                var value = values[property];
                if (value is not null && mapping.Converter is { } converter) value = converter.ConvertToProvider(value);
                if (value is null) await writer.WriteNullAsync(ct);
                else await writer.WriteAsync(value, mapping.StoreTypeNameBase, ct);
            }
        }
        await writer.CompleteAsync(ct);
    }

    // What an INSERT from SaveChanges would name: not a column the database computes (the row version, a generated
    // tsvector) nor one it fills in (an identity key, temporary in the tracker until saved).
    private static bool Written(IProperty property, EntityEntry sample) =>
        property.GetBeforeSaveBehavior() == PropertySaveBehavior.Save && property.GetComputedColumnSql() is null
        && !(property.ValueGenerated != ValueGenerated.Never && sample.Property(property.Name).IsTemporary);

    // A table's rows go after the rows of every table they refer to (listings after their new venues, say).
    private static IEnumerable<IGrouping<IEntityType, EntityEntry>> InForeignKeyOrder(List<IGrouping<IEntityType, EntityEntry>> groups)
    {
        while (groups.Count > 0)
        {
            var next = groups.FirstOrDefault(g => !g.Key.GetForeignKeys().Any(fk => fk.PrincipalEntityType != g.Key && groups.Any(o => o.Key == fk.PrincipalEntityType)))
                ?? throw new InvalidOperationException("The added rows refer to each other in a cycle; save them with SaveChanges.");
            groups.Remove(next);
            yield return next;
        }
    }
}
