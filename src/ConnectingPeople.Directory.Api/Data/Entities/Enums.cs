namespace ConnectingPeople.Directory.Api.Data.Entities;

// Stored and serialised as snake_case strings ("temporarily_closed"), so the names are part of the contract.
public enum AssetStatus { Active, TemporarilyClosed, Closed }

public enum HowToJoin { DropIn, ContactFirst, Referral, Booking }

public enum CostKind { Free, Donation, Fee }

public enum CostPeriod { Session, Week, Month, Year, OneOff }

public enum ScheduleFrequency { Weekly, Fortnightly, Monthly }

public enum Weekday { Mon, Tue, Wed, Thu, Fri, Sat, Sun }

public enum VerificationMethod { Phone, Email, Visit, SelfReported }

public enum AreaType { LocalAuthority, Ward }

public static class DeliveryModes
{
    public const string InPerson = "in_person";
    public const string Online = "online";
    public const string Phone = "phone";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { InPerson, Online, Phone };
}
