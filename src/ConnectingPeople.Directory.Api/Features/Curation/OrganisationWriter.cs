using System.Security.Claims;
using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Auth;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Curation;

/// <summary>One write to an organisation; <see cref="OrganisationWriter"/> carries it out.</summary>
public sealed record OrganisationCommand(string Action) : WriteCommand<Organisation, OrganisationWrite>(Action);

/// <summary>
/// The organisation rules of the one write pipeline: only an admin creates one (from the endpoint or an import); a
/// curator changes only the organisations its key is for. The organisation's name is in its listings' search text, so
/// they are re-indexed with the change.
/// </summary>
public sealed class OrganisationWriter(DirectoryDbContext db, TimeProvider clock, AuditLog audit)
    : RecordWriter<Organisation, OrganisationWrite, OrganisationWrite>(db, clock, audit)
{
    protected override string EntityType => "organisation";

    protected override Task<Organisation?> LoadAsync(Guid id, CancellationToken ct) =>
        Db.Organisations.IgnoreQueryFilters().FirstOrDefaultAsync(o => o.Id == id, ct);

    protected override OrganisationWrite ToWrite(Organisation o) => new(o.Name, o.Description, o.Website, o.Email, o.Phone);

    protected override Task<WriteResult<Organisation>?> OutsideStoredAsync(ClaimsPrincipal user, Organisation stored, CancellationToken ct) =>
        Task.FromResult(Scope.MayChangeOrganisation(user, stored.Id) ? null
            : WriteResult<Organisation>.OutOfScope("This key may change only the organisations it is for."));

    protected override Task<(OrganisationWrite? Valid, Validation Validation)> ValidateAsync(OrganisationWrite w, OrganisationWrite? before, CancellationToken ct)
    {
        var v = new Validation();
        if (string.IsNullOrWhiteSpace(w.Name)) v.Add("name", "is required.");
        else if (w.Name.Length > 200) v.Add("name", "must be at most 200 characters.");
        if (w.Description is { Length: > 5000 }) v.Add("description", "must be at most 5000 characters.");
        if (w.Name is { } name && InputText.Problem(name, multiline: false) is { } problem) v.Add("name", problem);
        if (w.Website is { } site && !ContactRules.IsWebsite(site)) v.Add("website", ContactRules.WebsiteMessage);
        if (w.Email is { } email && !ContactRules.IsEmail(email)) v.Add("email", ContactRules.EmailMessage);
        if (w.Phone is { } phone && !ContactRules.IsUkPhone(phone)) v.Add("phone", ContactRules.PhoneMessage);
        return Task.FromResult((v.IsValid ? w : null, v));
    }

    // The organisation is the same record before and after (its id is its scope), so only a create has more to check.
    protected override Task<WriteResult<Organisation>?> RefuseNewAsync(ClaimsPrincipal user, Organisation? stored, OrganisationWrite body, OrganisationWrite valid, CancellationToken ct) =>
        Task.FromResult(stored is null && !user.IsAdmin() ? WriteResult<Organisation>.OutOfScope("Only an admin key creates organisations.") : null);

    protected override OrganisationWrite Canonical(OrganisationWrite valid) => valid;

    protected override Organisation Create(Guid id, OrganisationWrite valid) => new() { Id = id, Name = valid.Name! };

    protected override void Apply(Organisation o, OrganisationWrite w) =>
        (o.Name, o.Description, o.Website, o.Email, o.Phone) = (w.Name!, w.Description, w.Website, w.Email, w.Phone);

    protected override async Task AlongsideAsync(IReadOnlyList<Organisation> organisations, CancellationToken ct)
    {
        var ids = organisations.Select(o => o.Id).ToList();
        var listings = await Db.Assets.IgnoreQueryFilters().Where(a => ids.Contains(a.OrganisationId)).Select(a => a.Id).ToListAsync(ct);
        if (listings.Count > 0) await AssetSearchDocument.RefreshAsync(Db, listings, ct);
    }
}
