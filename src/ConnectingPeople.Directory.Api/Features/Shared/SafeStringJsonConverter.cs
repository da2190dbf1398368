using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// Every string read from a JSON body passes <see cref="InputText"/> (multi-line allowed: descriptions and notes have
/// line breaks; single-line fields refuse them in their own rules) and the body-wide length cap. The serializer adds
/// the JSON path, so the 400 names the field.
/// </summary>
public sealed class SafeStringJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("must be a string.");
        var value = reader.GetString()!;
        if (value.Length > InputText.MaxBodyStringLength) throw new JsonException($"must be at most {InputText.MaxBodyStringLength} characters.");
        var (clean, problem) = InputText.Clean(value, multiline: true);
        return problem is null ? clean : throw new JsonException(problem);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// Dates and instants read from bodies must fall in <see cref="DateWindow"/>: a year 1 or 9999 is a typing slip, and
/// beyond the window it would meet arithmetic (fortnights, ten-year ranges) that overflows.
/// </summary>
public sealed class WindowedDateJsonConverter : JsonConverter<DateOnly>
{
    private static readonly JsonConverter<DateOnly> Default = (JsonConverter<DateOnly>)JsonSerializerOptions.Default.GetConverter(typeof(DateOnly));

    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var date = Default.Read(ref reader, typeToConvert, options);
        return DateWindow.Contains(date) ? date : throw new JsonException(DateWindow.Message);
    }

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) => Default.Write(writer, value, options);
}

public sealed class WindowedInstantJsonConverter : JsonConverter<DateTimeOffset>
{
    private static readonly JsonConverter<DateTimeOffset> Default =
        (JsonConverter<DateTimeOffset>)JsonSerializerOptions.Default.GetConverter(typeof(DateTimeOffset));

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var instant = Default.Read(ref reader, typeToConvert, options);
        return DateWindow.Contains(instant) ? instant : throw new JsonException(DateWindow.Message);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(DateTimeText.Instant(value));
}
