using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Data.Seed;
using ConnectingPeople.Directory.Api.Features.Schedules;
using ConnectingPeople.Directory.Api.Features.Search;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Location = ConnectingPeople.Directory.Api.Data.Entities.Location;

namespace ConnectingPeople.Directory.Api.Tests.Infrastructure;

public sealed record Place(string Name, string Postcode, double Latitude, double Longitude, string LocalAuthorityCode);

public static class Places
{
    private static int _spot;

    /// <summary>A fresh origin far from every other test's (about 30 km apart), so radius searches only see their own data.</summary>
    public static Place NewSpot()
    {
        var i = Interlocked.Increment(ref _spot);
        return new Place($"Spot {i}", "S1 2JA", 50.2 + (i % 40) * 0.3, 0.6 + (i / 40) * 0.5, "TEST");
    }

    /// <summary>A place the given distance north and east of another (a flat-earth offset, fine over a few km).</summary>
    public static Place Offset(this Place place, double metresNorth, double metresEast, string? name = null) => place with
    {
        Name = name ?? $"{place.Name} +{metresNorth:0}N{metresEast:0}E",
        Latitude = place.Latitude + metresNorth / 111_195.0,
        Longitude = place.Longitude + metresEast / (111_195.0 * Math.Cos(place.Latitude * Math.PI / 180)),
    };

    /// <summary>Great-circle distance in metres on the mean-radius sphere: the oracle search distances are checked against.</summary>
    public static double HaversineMetres(double lat1, double lon1, double lat2, double lon2)
    {
        const double r = 6_371_008.8;
        double Rad(double d) => d * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * r * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    public static readonly Place SheffieldCityHall = new("City Hall", "S1 2JA", 53.381074, -1.471486, "E08000039");
    public static readonly Place SeftonParkPalmHouse = new("Palm House", "L17 1AP", 53.383436, -2.939157, "E08000012");
    public static readonly Place BootleTownHall = new("Bootle Town Hall", "L20 7AE", 53.445661, -2.994160, "E08000014");
    public static readonly Place YorkMinster = new("Minster Close", "YO1 7HH", 53.961555, -1.081902, "E06000014");
}

/// <summary>Builds one listing the way a test reads: AnAsset("Walk").At(Places.SheffieldCityHall).Meeting(Weekday.Tue, 10, 12).</summary>
public sealed class AssetBuilder
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);
    private readonly Asset _asset;
    private readonly List<(string Vocabulary, string Code)> _terms = [];
    private Organisation? _organisation;

    private AssetBuilder(string name) => _asset = new Asset
    {
        Id = Guid.CreateVersion7(), Name = name, Summary = $"{name}: a test listing", Status = AssetStatus.Active, HowToJoin = HowToJoin.DropIn,
        Languages = ["en"], DeliveryModes = [DeliveryModes.InPerson], KindId = TaxonomyLoader.TermId("kinds", "group"),
    };

    public static AssetBuilder AnAsset(string name = "Test group") => new(name);

    public Guid Id => _asset.Id;

    public AssetBuilder At(Place place)
    {
        _asset.Locations.Add(new AssetLocation
        {
            Id = Guid.CreateVersion7(),
            Location = new Location
            {
                Id = Guid.CreateVersion7(), Name = place.Name, Address1 = place.Name, Postcode = place.Postcode,
                Point = Wgs84.CreatePoint(new Coordinate(place.Longitude, place.Latitude)), LocalAuthorityCode = place.LocalAuthorityCode,
            },
        });
        return this;
    }

    public AssetBuilder Meeting(Weekday day, int startHour, int endHour, ScheduleFrequency frequency = ScheduleFrequency.Weekly,
        int? weekOfMonth = null, DateOnly? validFrom = null, DateOnly? validUntil = null)
    {
        _asset.Schedules.Add(ScheduleRules.Normalise(new Schedule
        {
            Frequency = frequency, Day = day, StartTime = new TimeOnly(startHour, 0), EndTime = new TimeOnly(endHour, 0),
            WeekOfMonth = weekOfMonth, ValidFrom = validFrom, ValidUntil = validUntil,
        }));
        return this;
    }

    public AssetBuilder About(params string[] interests) => Terms("interests", interests);

    public AssetBuilder For(params string[] audiences) => Terms("audiences", audiences);

    public AssetBuilder Accessible(params string[] features) => Terms("accessibility", features);

    public AssetBuilder Costing(CostKind kind, decimal? amount = null, CostPeriod? per = null)
    {
        _asset.Costs.Add(new AssetCost { Kind = kind, Amount = amount, Per = per });
        return this;
    }

    public AssetBuilder WithStatus(AssetStatus status) { _asset.Status = status; return this; }

    public AssetBuilder Aged(int? min, int? max) { _asset.MinAge = min; _asset.MaxAge = max; return this; }

    public AssetBuilder OwnedBy(Organisation organisation) { _organisation = organisation; return this; }

    public AssetBuilder Covering(string areaCode, string name)
    {
        _asset.ServiceAreas.Add(new ServiceArea { Name = name, AreaCode = areaCode });
        _asset.DeliveryModes = [DeliveryModes.Phone];
        return this;
    }

    public AssetBuilder With(Action<Asset> change) { change(_asset); return this; }

    public async Task<Asset> SaveAsync(DirectoryApp app)
    {
        _asset.Terms.AddRange(_terms.Select(t => new AssetTerm { TermId = TaxonomyLoader.TermId(t.Vocabulary, t.Code) }));
        await app.WithDbAsync(async db =>
        {
            _organisation ??= new Organisation { Id = Guid.CreateVersion7(), Name = $"Organisation of {_asset.Name}" };
            var organisationId = _organisation.Id;
            if (!await db.Organisations.IgnoreQueryFilters().AnyAsync(o => o.Id == organisationId))
            {
                db.Organisations.Add(new Organisation
                {
                    Id = organisationId, Name = _organisation.Name, Website = _organisation.Website, Description = _organisation.Description,
                });
            }
            _asset.OrganisationId = organisationId;
            db.Assets.Add(_asset);
            await db.SaveChangesAsync();
            await AssetSearchDocument.RefreshAsync(db, [_asset.Id], CancellationToken.None);
            // Rows put straight into the database are recorded in the changes feed as a bulk load's are.
            await ChangeBackfill.RunAsync(db, CancellationToken.None);
        });
        return _asset;
    }

    private AssetBuilder Terms(string vocabulary, string[] codes)
    {
        _terms.AddRange(codes.Select(c => (vocabulary, c)));
        return this;
    }
}
