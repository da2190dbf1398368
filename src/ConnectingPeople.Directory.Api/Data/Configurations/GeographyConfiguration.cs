using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnectingPeople.Directory.Api.Data.Configurations;

public sealed class PostcodeConfiguration : IEntityTypeConfiguration<Postcode>
{
    public void Configure(EntityTypeBuilder<Postcode> builder)
    {
        builder.HasKey(p => p.Code);
        builder.Property(p => p.Code).HasMaxLength(7);
        builder.Property(p => p.Point).HasColumnType("geography (point, 4326)");
    }
}

public sealed class PostcodeSectorConfiguration : IEntityTypeConfiguration<PostcodeSector>
{
    public void Configure(EntityTypeBuilder<PostcodeSector> builder)
    {
        builder.HasKey(p => p.Code);
        builder.Property(p => p.Point).HasColumnType("geography (point, 4326)");
    }
}

public sealed class PostcodeDistrictConfiguration : IEntityTypeConfiguration<PostcodeDistrict>
{
    public void Configure(EntityTypeBuilder<PostcodeDistrict> builder)
    {
        builder.HasKey(p => p.Code);
        builder.Property(p => p.Point).HasColumnType("geography (point, 4326)");
        builder.HasIndex(p => p.Point).HasMethod("gist");
    }
}

public sealed class AreaConfiguration : IEntityTypeConfiguration<Area>
{
    public void Configure(EntityTypeBuilder<Area> builder)
    {
        builder.HasKey(a => a.Code);
        builder.Property(a => a.Type).HasMaxLength(32);
        builder.Property(a => a.Boundary).HasColumnType("geography (multipolygon, 4326)");
        builder.HasIndex(a => a.Boundary).HasMethod("gist");
        builder.HasIndex(a => a.ParentCode);
    }
}

public sealed class SeedHistoryConfiguration : IEntityTypeConfiguration<SeedHistory>
{
    public void Configure(EntityTypeBuilder<SeedHistory> builder) => builder.HasKey(s => s.Dataset);
}
