namespace ConnectingPeople.Directory.Api.Data.Entities;

public sealed class Vocabulary
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public List<TaxonomyTerm> Terms { get; set; } = [];
}

public sealed class TaxonomyTerm
{
    public Guid Id { get; set; }
    public Guid VocabularyId { get; set; }
    public Vocabulary Vocabulary { get; set; } = null!;
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public Guid? ParentId { get; set; }
    public TaxonomyTerm? Parent { get; set; }

    /// <summary>Codes from the root down to this term, '/'-separated, so "this term or below" is a prefix match.</summary>
    public required string Path { get; set; }

    public string[] Synonyms { get; set; } = [];
}
