using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConnectingPeople.Directory.Api.Features.Transfer;

/// <summary>
/// The bulk layout as GeoJSON: a FeatureCollection with one Point feature per listing at a venue (a null geometry for a
/// listing with no venue) and the CSV columns as properties, so both formats carry exactly the same listings.
/// </summary>
public static class AssetGeoJson
{
    public static JsonObject Feature(string?[] fields)
    {
        var properties = new JsonObject();
        for (var i = 0; i < AssetCsv.Columns.Length; i++)
        {
            var column = AssetCsv.Columns[i];
            if (column is "latitude" or "longitude" || string.IsNullOrEmpty(fields[i])) continue;
            properties[column] = fields[i];
        }
        var lat = fields[Array.IndexOf(AssetCsv.Columns, "latitude")];
        var lon = fields[Array.IndexOf(AssetCsv.Columns, "longitude")];
        return new JsonObject
        {
            ["type"] = "Feature",
            ["geometry"] = lat is null || lon is null
                ? null
                : new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(double.Parse(lon, CultureInfo.InvariantCulture), double.Parse(lat, CultureInfo.InvariantCulture)) },
            ["properties"] = properties,
        };
    }

    /// <summary>
    /// A FeatureCollection as rows in the CSV layout (the header first), read feature by feature from the stream, so memory
    /// stays flat whatever its size; what is wrong with it is an <see cref="ImportFormatException"/> when it is reached.
    /// </summary>
    public static IEnumerable<string[]> Rows(Stream json)
    {
        var reader = new JsonArrayReader(json, "features");
        yield return AssetCsv.Columns;
        var f = 0;
        foreach (var feature in reader.Elements())
        {
            if (reader.TopLevelString("type") is { } type && type != "FeatureCollection") break;
            yield return Row(feature, f++);
        }
        if (!reader.RootIsObject || !reader.FoundArray || reader.TopLevelString("type") != "FeatureCollection")
            throw new ImportFormatException("must be a GeoJSON FeatureCollection.");
    }

    private static string[] Row(JsonElement feature, int f)
    {
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            throw new ImportFormatException($"feature {f} has no properties object.");
        var unknown = properties.EnumerateObject().Select(p => p.Name).Where(k => !AssetCsv.Columns.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ImportFormatException($"feature {f} has unknown properties {string.Join(", ", unknown)}; the properties are the CSV columns.");
        static string Text(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Null => "",
            JsonValueKind.String => value.GetString()!,
            _ => value.GetRawText(),
        };
        var row = new string[AssetCsv.Columns.Length];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = !properties.TryGetProperty(AssetCsv.Columns[i], out var value) ? ""
                : value.ValueKind == JsonValueKind.Array ? AssetCsv.Join(value.EnumerateArray().Select(Text))
                : Text(value);
        }
        if (feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind == JsonValueKind.Object)
        {
            if (!geometry.TryGetProperty("type", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != "Point"
                || !geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array || coordinates.GetArrayLength() < 2)
                throw new ImportFormatException($"feature {f}: the geometry must be a Point.");
            row[Array.IndexOf(AssetCsv.Columns, "longitude")] = coordinates[0].GetRawText();
            row[Array.IndexOf(AssetCsv.Columns, "latitude")] = coordinates[1].GetRawText();
        }
        return row;
    }
}
