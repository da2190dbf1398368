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

    /// <summary>A FeatureCollection as rows in the CSV layout, or a problem saying what is wrong with it.</summary>
    public static (List<string[]>? Rows, string? Problem) ToRows(string json)
    {
        JsonNode? document;
        try { document = JsonNode.Parse(json); }
        catch (JsonException ex) { return (null, $"is not JSON: {ex.Message.Split(" Path:")[0]}"); }
        if (document?["type"]?.GetValue<string>() != "FeatureCollection" || document["features"] is not JsonArray features)
            return (null, "must be a GeoJSON FeatureCollection.");

        var rows = new List<string[]> { AssetCsv.Columns };
        for (var f = 0; f < features.Count; f++)
        {
            if (features[f]?["properties"] is not JsonObject properties) return (null, $"feature {f} has no properties object.");
            var unknown = properties.Select(p => p.Key).Where(k => !AssetCsv.Columns.Contains(k)).ToList();
            if (unknown.Count > 0) return (null, $"feature {f} has unknown properties {string.Join(", ", unknown)}; the properties are the CSV columns.");
            var row = new string[AssetCsv.Columns.Length];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = properties[AssetCsv.Columns[i]] switch
                {
                    null => "",
                    JsonArray list => AssetCsv.Join(list.Select(x => x?.ToString() ?? "")),
                    var value => value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString(),
                };
            }
            if (features[f]?["geometry"] is JsonObject { } geometry)
            {
                if (geometry["type"]?.GetValue<string>() != "Point" || geometry["coordinates"] is not JsonArray { Count: >= 2 } coordinates)
                    return (null, $"feature {f}: the geometry must be a Point.");
                row[Array.IndexOf(AssetCsv.Columns, "longitude")] = coordinates[0]!.ToJsonString();
                row[Array.IndexOf(AssetCsv.Columns, "latitude")] = coordinates[1]!.ToJsonString();
            }
            rows.Add(row);
        }
        return (rows, null);
    }
}
