using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnectingPeople.Directory.Api.Data.Seed;

/// <summary>Migrates the schema, then loads reference data (and, when asked, the sample listings).</summary>
public sealed partial class DatabaseSeeder(
    DirectoryDbContext db, ReferenceDataLoader reference, SampleDataLoader sample, IOptions<SeedOptions> options, ILogger<DatabaseSeeder> logger)
{
    // Any fixed number will do: it only has to be the same for every instance of this service.
    private const long SeedLockKey = 0x436f6e6e50656f70;

    public async Task InitialiseAsync(CancellationToken ct) => await InitialiseAsync(options.Value.SampleData, ct);

    public async Task InitialiseAsync(bool includeSampleData, CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            LogMigrating(logger, pending.Count);
            await db.Database.MigrateAsync(ct);
        }

        // Two instances starting on an empty database must not load the same data twice.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SeedLockKey})", ct);
        var dataDirectory = options.Value.ResolveDataDirectory();
        await reference.LoadAsync(dataDirectory, ct);
        if (includeSampleData) await sample.LoadAsync(dataDirectory, ct);
        await ChangeBackfill.RunAsync(db, ct);
        await transaction.CommitAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} database migration(s)")]
    private static partial void LogMigrating(ILogger logger, int count);
}
