using System.Globalization;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Schedules;
using Microsoft.EntityFrameworkCore;

namespace ConnectingPeople.Directory.Api.Features.Assets;

public static class AssetMapper
{
    public static IQueryable<Asset> WithDetails(this IQueryable<Asset> assets) => assets
        .Include(a => a.Organisation)
        .Include(a => a.Kind)
        .Include(a => a.Terms).ThenInclude(t => t.Term).ThenInclude(t => t.Vocabulary)
        .Include(a => a.Costs)
        .Include(a => a.Contacts)
        .Include(a => a.Locations).ThenInclude(l => l.Location)
        .Include(a => a.ServiceAreas).ThenInclude(s => s.Area)
        .Include(a => a.Schedules)
        .AsSplitQuery();

    public static string Link(Guid id) => $"/api/v1/assets/{id}";

    /// <summary>Free to attend: at least one cost option is known and none of them is a fee (donations are optional).</summary>
    public static bool IsFree(IReadOnlyCollection<AssetCost> costs) => costs.Count > 0 && costs.All(c => c.Kind != CostKind.Fee);

    public static string CostSummary(IReadOnlyCollection<AssetCost> costs)
    {
        if (costs.Count == 0) return "Cost not known: ask the group";
        return string.Join("; ", costs.Select(c => c.Kind switch
        {
            CostKind.Free => "Free",
            CostKind.Donation => c.Description ?? "Free, donations welcome",
            _ => $"£{c.Amount?.ToString("0.00", CultureInfo.InvariantCulture) ?? "?"}{(c.Per is { } per ? " per " + Per(per) : "")}"
                + (c.Description is { } d ? $" ({d})" : ""),
        }));
    }

    private static string Per(CostPeriod per) => per switch
    {
        CostPeriod.OneOff => "one-off",
        _ => per.ToString().ToLowerInvariant(),
    };

    public static AssetDetail ToDetail(Asset a)
    {
        List<TermRef> Terms(string vocabulary) =>
            [.. a.Terms.Where(t => t.Term.Vocabulary.Code == vocabulary).Select(t => new TermRef(t.Term.Code, t.Term.Name)).OrderBy(t => t.Name)];

        return new AssetDetail(
            a.Id, a.Name, a.Summary, a.Description, a.Kind is null ? null : new TermRef(a.Kind.Code, a.Kind.Name), a.Status, a.HowToJoin,
            a.NewcomerInfo, a.CompanionsWelcome, a.AcceptingNewMembers, a.MinAge, a.MaxAge, a.Languages, a.DeliveryModes,
            new OrganisationRef(a.Organisation.Id, a.Organisation.Name), a.Website,
            [.. a.Contacts.Select(c => new ContactView(c.Name, c.Role, c.Email, c.Phone))],
            [.. a.Costs.Select(c => new CostView(c.Kind, c.Amount, c.Per, c.Description))],
            IsFree(a.Costs), CostSummary(a.Costs),
            Terms("audiences"), Terms("accessibility"), Terms("interests"),
            [.. a.Locations.Select(l => l.Location).Where(l => l.DeletedAt == null).OrderBy(l => l.Name).Select(ToView)],
            [.. a.ServiceAreas.Select(s => new ServiceAreaView(s.Name, s.AreaCode, s.Area.Name))],
            [.. a.Schedules.OrderBy(s => s.Day).ThenBy(s => s.StartTime).Select(ToView)],
            a.LastVerifiedAt, a.VerificationMethod, a.CreatedAt, a.UpdatedAt);
    }

    public static LocationView ToView(Location l) =>
        new(l.Id, l.Name, l.Address1, l.Address2, l.Town, l.Postcode, l.Latitude, l.Longitude, l.LocalAuthorityCode);

    public static ScheduleView ToView(Schedule s) => new(
        s.Id, s.LocationId, s.Frequency, s.Day, s.WeekOfMonth, s.StartTime, s.EndTime, s.ValidFrom, s.ValidUntil, s.Rrule,
        ScheduleRules.Summarise(s), s.Notes);
}
