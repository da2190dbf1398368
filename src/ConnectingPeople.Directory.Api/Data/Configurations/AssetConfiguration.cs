using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnectingPeople.Directory.Api.Data.Configurations;

public sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.Summary).HasMaxLength(500);
        builder.Property(a => a.Status).HasMaxLength(32);
        builder.Property(a => a.HowToJoin).HasMaxLength(32);
        builder.Property(a => a.VerificationMethod).HasMaxLength(32);
        builder.Property(a => a.Version).IsRowVersion();
        builder.HasIndex(a => a.OrganisationId);
        builder.HasIndex(a => a.UpdatedAt);
        // Per organisation: one organisation's external ids neither collide with nor reveal another's.
        builder.HasIndex(a => new { a.OrganisationId, a.ExternalId }).IsUnique().HasFilter("external_id IS NOT NULL");
        builder.HasOne(a => a.Organisation).WithMany(o => o.Assets).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Kind).WithMany().OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Terms).WithOne().HasForeignKey(t => t.AssetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Costs).WithOne().HasForeignKey(c => c.AssetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Contacts).WithOne().HasForeignKey(c => c.AssetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Locations).WithOne(l => l.Asset).HasForeignKey(l => l.AssetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.ServiceAreas).WithOne().HasForeignKey(s => s.AssetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Schedules).WithOne().HasForeignKey(s => s.AssetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasGeneratedTsVectorColumn(a => a.SearchVector, "english", a => new { a.SearchText })
            .HasIndex(a => a.SearchVector).HasMethod("gin");
        builder.HasIndex(a => a.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasIndex(a => a.Status);
        builder.HasQueryFilter(a => a.DeletedAt == null);
    }
}

public sealed class AssetTermConfiguration : IEntityTypeConfiguration<AssetTerm>
{
    public void Configure(EntityTypeBuilder<AssetTerm> builder)
    {
        builder.ToTable("asset_terms");
        builder.HasKey(t => new { t.AssetId, t.TermId });
        builder.HasIndex(t => t.TermId);
        builder.HasOne(t => t.Term).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class AssetCostConfiguration : IEntityTypeConfiguration<AssetCost>
{
    public void Configure(EntityTypeBuilder<AssetCost> builder)
    {
        builder.ToTable("asset_costs");
        builder.Property(c => c.Kind).HasMaxLength(16);
        builder.Property(c => c.Per).HasMaxLength(16);
        builder.Property(c => c.Amount).HasPrecision(9, 2);
        builder.HasIndex(c => c.AssetId);
    }
}

public sealed class AssetContactConfiguration : IEntityTypeConfiguration<AssetContact>
{
    public void Configure(EntityTypeBuilder<AssetContact> builder)
    {
        builder.ToTable("asset_contacts");
        builder.HasIndex(c => c.AssetId);
    }
}

public sealed class AssetLocationConfiguration : IEntityTypeConfiguration<AssetLocation>
{
    public void Configure(EntityTypeBuilder<AssetLocation> builder)
    {
        // Ids are assigned in code (Open Referral exposes them), so a link with an id can still be a new one.
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.HasIndex(l => new { l.AssetId, l.LocationId }).IsUnique();
        builder.HasIndex(l => l.LocationId);
        builder.HasOne(l => l.Location).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ServiceAreaConfiguration : IEntityTypeConfiguration<ServiceArea>
{
    public void Configure(EntityTypeBuilder<ServiceArea> builder)
    {
        builder.HasIndex(s => s.AssetId);
        builder.HasIndex(s => s.AreaCode);
        builder.HasOne(s => s.Area).WithMany().HasForeignKey(s => s.AreaCode).OnDelete(DeleteBehavior.Restrict);
    }
}
