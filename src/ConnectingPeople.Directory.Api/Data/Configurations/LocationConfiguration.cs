using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnectingPeople.Directory.Api.Data.Configurations;

public sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(200);
        builder.Property(l => l.Postcode).HasMaxLength(8);
        builder.Property(l => l.Point).HasColumnType("geography (point, 4326)");
        builder.HasIndex(l => l.Point).HasMethod("gist");
        builder.Property(l => l.Version).IsRowVersion();
        builder.Ignore(l => l.Latitude);
        builder.Ignore(l => l.Longitude);
        builder.HasQueryFilter(l => l.DeletedAt == null);
    }
}

public sealed class ScheduleConfiguration : IEntityTypeConfiguration<Schedule>
{
    public void Configure(EntityTypeBuilder<Schedule> builder)
    {
        builder.Property(s => s.Frequency).HasMaxLength(16);
        builder.Property(s => s.Day).HasMaxLength(3);
        builder.Property(s => s.Rrule).HasMaxLength(200);
        builder.HasIndex(s => s.AssetId);
        builder.HasOne(s => s.Location).WithMany().OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_schedules_times", "end_time > start_time");
            t.HasCheckConstraint("ck_schedules_week_of_month", "week_of_month IS NULL OR week_of_month BETWEEN -1 AND 5 AND week_of_month <> 0");
        });
    }
}
