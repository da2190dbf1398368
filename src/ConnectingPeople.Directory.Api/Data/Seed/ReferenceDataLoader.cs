using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace ConnectingPeople.Directory.Api.Data.Seed;

/// <summary>
/// Loads postcodes, boundaries and taxonomies from seed-data. Each dataset is loaded again only when its files
/// changed (a checksum in seed_history), so running it twice leaves the database as it was.
/// Runs inside the caller's transaction.
/// </summary>
public sealed partial class ReferenceDataLoader(DirectoryDbContext db, TaxonomyLoader taxonomies, ILogger<ReferenceDataLoader> logger)
{
    // Bump when a loader's logic changes, so existing databases reload that dataset.
    private const string LoaderVersion = "1";
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public async Task LoadAsync(string dataDirectory, CancellationToken ct)
    {
        var postcodes = Path.Combine(dataDirectory, "reference", "postcodes");
        var boundaries = Path.Combine(dataDirectory, "reference", "boundaries");
        await LoadIfChangedAsync("areas", [Path.Combine(postcodes, "gss_codelist.csv"), .. System.IO.Directory.GetFiles(boundaries, "*.geojson").Order()],
            files => LoadAreasAsync(files[0], files[1..], ct), ct);
        await LoadIfChangedAsync("postcode_districts", [Path.Combine(postcodes, "postcode_district_centroids.csv")],
            files => CopyCentroidsAsync("postcode_districts", files[0], "district", ct), ct);
        await LoadIfChangedAsync("postcode_sectors", [Path.Combine(postcodes, "postcode_sector_centroids.csv")],
            files => CopyCentroidsAsync("postcode_sectors", files[0], "sector", ct), ct);
        await LoadIfChangedAsync("postcodes", [Path.Combine(postcodes, "pilot_area_postcodes.csv")],
            files => CopyPostcodesAsync(files[0], ct), ct);
        await LoadIfChangedAsync("taxonomies", [Path.Combine(dataDirectory, "taxonomies.json")],
            files => taxonomies.LoadAsync(files[0], ct), ct);
    }

    private async Task LoadIfChangedAsync(string dataset, string[] files, Func<string[], Task<int>> load, CancellationToken ct)
    {
        var checksum = await ChecksumAsync(files, ct);
        var previous = await db.SeedHistory.AsNoTracking().FirstOrDefaultAsync(s => s.Dataset == dataset, ct);
        if (previous?.Checksum == checksum) return;

        var rows = await load(files);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO directory.seed_history (dataset, checksum, loaded_at) VALUES ({dataset}, {checksum}, now())
            ON CONFLICT (dataset) DO UPDATE SET checksum = excluded.checksum, loaded_at = excluded.loaded_at
            """, ct);
        LogLoaded(logger, dataset, rows);
    }

    private static async Task<string> ChecksumAsync(string[] files, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(LoaderVersion));
        foreach (var file in files) hash.AppendData(await File.ReadAllBytesAsync(file, ct));
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private NpgsqlConnection Connection => (NpgsqlConnection)db.Database.GetDbConnection();

    private async Task<int> LoadAreasAsync(string codeList, string[] boundaryFiles, CancellationToken ct)
    {
        var rows = 0;
        foreach (var record in Csv.ReadRecords(codeList))
        {
            var type = record["type"] switch
            {
                "county" or "district" or "london_borough" or "metropolitan_district" or "unitary_authority" => AreaType.LocalAuthority,
                _ => AreaType.Ward,
            };
            rows += await UpsertAreaAsync(record["gss_code"], record["name"], type, null, null, ct);
        }
        foreach (var file in boundaryFiles)
        {
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(file, ct));
            foreach (var feature in json.RootElement.GetProperty("features").EnumerateArray())
            {
                var properties = feature.GetProperty("properties");
                var geometry = feature.GetProperty("geometry").GetRawText();
                rows += properties.TryGetProperty("WD25CD", out var ward)
                    ? await UpsertAreaAsync(ward.GetString()!, properties.GetProperty("WD25NM").GetString()!, AreaType.Ward,
                        properties.GetProperty("LAD25CD").GetString(), geometry, ct)
                    : await UpsertAreaAsync(properties.GetProperty("LAD25CD").GetString()!, properties.GetProperty("LAD25NM").GetString()!,
                        AreaType.LocalAuthority, null, geometry, ct);
            }
        }
        return rows;
    }

    private Task<int> UpsertAreaAsync(string code, string name, AreaType type, string? parent, string? geoJson, CancellationToken ct)
    {
        var typeText = SnakeCaseEnumConverter<AreaType>.ToText(type);
        // A code list row has no boundary; it must not wipe one loaded from a boundary file.
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO directory.areas (code, name, type, parent_code, boundary)
            VALUES ({code}, {name}, {typeText}, {parent},
                    CASE WHEN {geoJson}::text IS NULL THEN NULL ELSE ST_Multi(ST_GeomFromGeoJSON({geoJson}::text))::geography END)
            ON CONFLICT (code) DO UPDATE SET
                name = excluded.name, type = excluded.type,
                parent_code = COALESCE(excluded.parent_code, areas.parent_code),
                boundary = COALESCE(excluded.boundary, areas.boundary)
            """, ct);
    }

    private async Task<int> CopyCentroidsAsync(string table, string file, string codeColumn, CancellationToken ct)
    {
        var sectors = table == "postcode_sectors";
        // The table name comes from this class, never from input.
        await (sectors
            ? db.Database.ExecuteSqlAsync($"DELETE FROM directory.postcode_sectors", ct)
            : db.Database.ExecuteSqlAsync($"DELETE FROM directory.postcode_districts", ct));
        var columns = sectors
            ? "code, district, point, local_authority_code, postcode_count"
            : "code, point, local_authority_code, postcode_count";
        var rows = 0;
        await using (var writer = await Connection.BeginBinaryImportAsync($"COPY directory.{table} ({columns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in Csv.ReadRecords(file))
            {
                if (r["latitude"].Length == 0) continue;
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(r[codeColumn], NpgsqlDbType.Text, ct);
                if (sectors) await writer.WriteAsync(r["district"], NpgsqlDbType.Text, ct);
                await writer.WriteAsync(PointOf(r), NpgsqlDbType.Geography, ct);
                await WriteNullableAsync(writer, r["main_admin_district_code"], ct);
                await writer.WriteAsync(int.Parse(r["postcode_count"], CultureInfo.InvariantCulture), NpgsqlDbType.Integer, ct);
                rows++;
            }
            await writer.CompleteAsync(ct);
        }
        return rows;
    }

    private async Task<int> CopyPostcodesAsync(string file, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"DELETE FROM directory.postcodes", ct);
        var rows = 0;
        await using (var writer = await Connection.BeginBinaryImportAsync(
            "COPY directory.postcodes (code, display, sector, district, point, local_authority_code, ward_code, positional_quality) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in Csv.ReadRecords(file))
            {
                if (r["latitude"].Length == 0) continue;
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(r["postcode_nospace"], NpgsqlDbType.Text, ct);
                await writer.WriteAsync(r["postcode"], NpgsqlDbType.Text, ct);
                await writer.WriteAsync(r["sector"], NpgsqlDbType.Text, ct);
                await writer.WriteAsync(r["district"], NpgsqlDbType.Text, ct);
                await writer.WriteAsync(PointOf(r), NpgsqlDbType.Geography, ct);
                await WriteNullableAsync(writer, r["admin_district_code"], ct);
                await WriteNullableAsync(writer, r["admin_ward_code"], ct);
                await writer.WriteAsync(short.Parse(r["positional_quality"], CultureInfo.InvariantCulture), NpgsqlDbType.Smallint, ct);
                rows++;
            }
            await writer.CompleteAsync(ct);
        }
        return rows;
    }

    private static Point PointOf(IReadOnlyDictionary<string, string> r) => Wgs84.CreatePoint(new Coordinate(
        double.Parse(r["longitude"], CultureInfo.InvariantCulture), double.Parse(r["latitude"], CultureInfo.InvariantCulture)));

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, string value, CancellationToken ct)
    {
        if (value.Length == 0) await writer.WriteNullAsync(ct);
        else await writer.WriteAsync(value, NpgsqlDbType.Text, ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded reference dataset {Dataset}: {Rows} rows")]
    private static partial void LogLoaded(ILogger logger, string dataset, int rows);
}
