using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// The one way the API writes a date-time, in JSON, CSV, GeoJSON and the Open Referral feed alike: RFC 3339 with exactly
/// six fractional digits (PostgreSQL keeps microseconds, so a value read can be sent back, as updated_since or in an
/// import, and match exactly). Instants are UTC with <c>Z</c>; a session's start and end are Europe/London wall-clock
/// times with their offset, because the local time is the point.
/// </summary>
public static class DateTimeText
{
    public const string Pattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$";

    public static string Instant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string? Instant(DateTimeOffset? value) => value is { } v ? Instant(v) : null;

    public static string Local(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);

    public static string? Local(DateTimeOffset? value) => value is { } v ? Local(v) : null;
}

/// <summary>For session times: written local with their offset (<see cref="DateTimeText.Local(DateTimeOffset)"/>), not as UTC.</summary>
public sealed class LocalTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(DateTimeText.Local(value));
}
