using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConnectingPeople.Directory.Api.Data.Configurations;

public sealed class VocabularyConfiguration : IEntityTypeConfiguration<Vocabulary>
{
    public void Configure(EntityTypeBuilder<Vocabulary> builder)
    {
        builder.HasIndex(v => v.Code).IsUnique();
        builder.Property(v => v.Code).HasMaxLength(64);
    }
}

public sealed class TaxonomyTermConfiguration : IEntityTypeConfiguration<TaxonomyTerm>
{
    public void Configure(EntityTypeBuilder<TaxonomyTerm> builder)
    {
        builder.Property(t => t.Code).HasMaxLength(64);
        builder.HasIndex(t => new { t.VocabularyId, t.Code }).IsUnique();
        builder.HasIndex(t => t.Path).HasOperators("text_pattern_ops");
        builder.HasOne(t => t.Vocabulary).WithMany(v => v.Terms).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(t => t.Parent).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}
