using System.Globalization;
using System.Text.Json;

namespace ConnectingPeople.Directory.Api.Tests.Features.Insights;

public static class InsightCounts
{
    /// <summary>
    /// A published count as a person reads it: the number, or "&lt;8" when withheld. Checks the wire shape on the way: a
    /// number (never a string) when published, null exactly when its <c>_suppressed</c> flag is true.
    /// </summary>
    public static string Shown(this JsonElement row, string field)
    {
        var value = row.GetProperty(field);
        var suppressed = row.GetProperty(field + "_suppressed").GetBoolean();
        if (suppressed)
        {
            Assert.Equal(JsonValueKind.Null, value.ValueKind);
            return "<8";
        }
        Assert.Equal(JsonValueKind.Number, value.ValueKind);
        return value.GetInt64().ToString(CultureInfo.InvariantCulture);
    }
}
