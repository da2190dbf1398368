using ConnectingPeople.Directory.Api.Data;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>Enums as the API writes them ("temporarily_closed"), for query parameters that take one.</summary>
public static class EnumText
{
    public static bool TryParse<TEnum>(string text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(SnakeCaseEnumConverter<TEnum>.ToText(candidate), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static string Values<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Select(SnakeCaseEnumConverter<TEnum>.ToText));
}
