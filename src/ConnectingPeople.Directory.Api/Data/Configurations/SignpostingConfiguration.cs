using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnectingPeople.Directory.Api.Data.Configurations;

public sealed class SignpostConfiguration : IEntityTypeConfiguration<Signpost>
{
    public void Configure(EntityTypeBuilder<Signpost> builder)
    {
        builder.Property(s => s.Team).HasMaxLength(200);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.Property(s => s.OutcomeRecordedBy).HasMaxLength(200);
        builder.Property(s => s.Reference).HasMaxLength(64);
        builder.Property(s => s.Support).HasMaxLength(32);
        builder.Property(s => s.Outcome).HasMaxLength(32);
        builder.Property(s => s.AreaCode).HasMaxLength(9);
        builder.Property(s => s.Version).IsRowVersion();
        builder.HasIndex(s => new { s.Team, s.SignpostedOn });
        builder.HasIndex(s => s.SignpostedOn);
        builder.HasOne<Asset>().WithMany().HasForeignKey(s => s.AssetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Location>().WithMany().HasForeignKey(s => s.LocationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ShortlistConfiguration : IEntityTypeConfiguration<Shortlist>
{
    public void Configure(EntityTypeBuilder<Shortlist> builder)
    {
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.Property(s => s.Team).HasMaxLength(200);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.Property(s => s.Note).HasMaxLength(500);
        builder.HasMany(s => s.Items).WithOne().HasForeignKey(i => i.ShortlistId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ShortlistItemConfiguration : IEntityTypeConfiguration<ShortlistItem>
{
    public void Configure(EntityTypeBuilder<ShortlistItem> builder)
    {
        builder.HasOne<Asset>().WithMany().HasForeignKey(i => i.AssetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Location>().WithMany().HasForeignKey(i => i.LocationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class SearchLogEntryConfiguration : IEntityTypeConfiguration<SearchLogEntry>
{
    public void Configure(EntityTypeBuilder<SearchLogEntry> builder)
    {
        builder.ToTable("search_log");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.District).HasMaxLength(4);
        builder.Property(e => e.LocalAuthorityCode).HasMaxLength(9);
        builder.HasIndex(e => e.SearchedOn);
    }
}
