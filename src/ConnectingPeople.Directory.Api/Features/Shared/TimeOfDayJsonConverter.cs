using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>Times of day travel as "HH:mm", the way people write session times.</summary>
public sealed class TimeOfDayJsonConverter : JsonConverter<TimeOnly>
{
    private static readonly string[] Formats = ["HH:mm", "HH:mm:ss"];

    public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return TimeOnly.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new JsonException($"'{text}' is not a time of day in HH:mm form.");
    }

    public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("HH:mm", CultureInfo.InvariantCulture));
}
