using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Data;

public sealed class DirectoryDbContext(DbContextOptions<DirectoryDbContext> options, TimeProvider clock) : DbContext(options)
{
    public const string Schema = "directory";

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Asset> Assets => Set<Asset>();
    public DbSet<AssetLocation> AssetLocations => Set<AssetLocation>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<Schedule> Schedules => Set<Schedule>();
    public DbSet<ServiceArea> ServiceAreas => Set<ServiceArea>();
    public DbSet<Vocabulary> Vocabularies => Set<Vocabulary>();
    public DbSet<TaxonomyTerm> TaxonomyTerms => Set<TaxonomyTerm>();
    public DbSet<Postcode> Postcodes => Set<Postcode>();
    public DbSet<PostcodeSector> PostcodeSectors => Set<PostcodeSector>();
    public DbSet<PostcodeDistrict> PostcodeDistricts => Set<PostcodeDistrict>();
    public DbSet<Area> Areas => Set<Area>();
    public DbSet<SeedHistory> SeedHistory => Set<SeedHistory>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Feedback> Feedback => Set<Feedback>();
    public DbSet<Signpost> Signposts => Set<Signpost>();
    public DbSet<Shortlist> Shortlists => Set<Shortlist>();
    public DbSet<SearchLogEntry> SearchLog => Set<SearchLogEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.HasPostgresExtension("postgis");
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DirectoryDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<AssetStatus>().HaveConversion<SnakeCaseEnumConverter<AssetStatus>>();
        configurationBuilder.Properties<HowToJoin>().HaveConversion<SnakeCaseEnumConverter<HowToJoin>>();
        configurationBuilder.Properties<CostKind>().HaveConversion<SnakeCaseEnumConverter<CostKind>>();
        configurationBuilder.Properties<CostPeriod>().HaveConversion<SnakeCaseEnumConverter<CostPeriod>>();
        configurationBuilder.Properties<ScheduleFrequency>().HaveConversion<SnakeCaseEnumConverter<ScheduleFrequency>>();
        configurationBuilder.Properties<Weekday>().HaveConversion<SnakeCaseEnumConverter<Weekday>>();
        configurationBuilder.Properties<VerificationMethod>().HaveConversion<SnakeCaseEnumConverter<VerificationMethod>>();
        configurationBuilder.Properties<AreaType>().HaveConversion<SnakeCaseEnumConverter<AreaType>>();
        configurationBuilder.Properties<FeedbackKind>().HaveConversion<SnakeCaseEnumConverter<FeedbackKind>>();
        configurationBuilder.Properties<FeedbackStatus>().HaveConversion<SnakeCaseEnumConverter<FeedbackStatus>>();
        configurationBuilder.Properties<SignpostSupport>().HaveConversion<SnakeCaseEnumConverter<SignpostSupport>>();
        configurationBuilder.Properties<SignpostOutcome>().HaveConversion<SnakeCaseEnumConverter<SignpostOutcome>>();
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTimes();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Sets created_at and updated_at of the records about to be saved (by SaveChanges, or by <see cref="AddedRowsCopy"/>).</summary>
    public void StampTimes()
    {
        var now = clock.GetUtcNow();
        foreach (var entry in ChangeTracker.Entries<IAuditedEntity>())
        {
            if (entry.State == EntityState.Added)
            {
                entry.Entity.CreatedAt = now;
                entry.Entity.UpdatedAt = now;
            }
            else if (entry.State == EntityState.Modified)
            {
                entry.Entity.UpdatedAt = now;
            }
        }
    }
}
