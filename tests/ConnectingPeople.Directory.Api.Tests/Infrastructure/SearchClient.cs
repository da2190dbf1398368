using System.Globalization;
using System.Text.Json;

namespace ConnectingPeople.Directory.Api.Tests.Infrastructure;

public static class SearchClient
{
    public static string Near(Place origin, string query = "") =>
        $"/api/v1/search?latitude={origin.Latitude.ToString(CultureInfo.InvariantCulture)}&longitude={origin.Longitude.ToString(CultureInfo.InvariantCulture)}"
        + (query.Length > 0 ? "&" + query : "");

    public static List<string> Names(this JsonElement page) =>
        [.. page.GetProperty("contents").EnumerateArray().Select(r => r.GetProperty("name").GetString()!)];

    public static List<Guid> Ids(this JsonElement page) =>
        [.. page.GetProperty("contents").EnumerateArray().Select(r => r.GetProperty("id").GetGuid())];
}
