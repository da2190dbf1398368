using ConnectingPeople.Directory.Api.Features.ReadModel;
using ConnectingPeople.Directory.Api.Features.ReadModel.Text;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using CsCheck;
using Npgsql;

namespace ConnectingPeople.Directory.Api.Tests.Features.ReadModel;

/// <summary>
/// The read model's orders for lists equal PostgreSQL's: names by <see cref="CodePointOrder"/> as <c>ORDER BY name
/// COLLATE "C"</c>, and ids by .NET's own <see cref="Guid.CompareTo(Guid)"/> as
/// <c>ORDER BY id</c> on uuids.
/// </summary>
public sealed class ReadModelOrderTests : IAsyncLifetime
{
    // Either side of the UTF-16 surrogates (U+D800-U+DFFF) and of the ASCII cases, accents and a combining mark.
    private static readonly int[] CodePoints = [' ', 'A', 'Z', 'a', 'z', '0', 0xC5, 0xE9, 0x301, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFB01, 0xFF3A, 0xFFFD,
        0x10000, 0x1D49C, 0x1F600, 0x10FFFF];

    private string _database = "";
    private NpgsqlConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync();
        _connection = new NpgsqlConnection(_database);
        await _connection.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await TestDatabases.DropAsync(_database);
    }

    [Fact]
    public async Task Names_in_code_point_order_sort_as_PostgreSQL_sorts_them_COLLATE_C()
    {
        var lists = Gen.OneOfConst(CodePoints).Array[0, 4].Select(cps => string.Concat(cps.Select(char.ConvertFromUtf32))).Array[2, 30].Array[40].Single();
        foreach (var names in lists)
        {
            await using var command = new NpgsqlCommand("SELECT x FROM unnest($1::text[]) AS x ORDER BY x COLLATE \"C\"", _connection);
            command.Parameters.AddWithValue(names);
            var expected = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync()) expected.Add(reader.GetString(0));
            Assert.Equal(expected, names.OrderBy(n => n, CodePointOrder.Instance).ToList());
        }
    }

    [Fact]
    public async Task Uuid_order_is_PostgreSQLs_uuid_order()
    {
        // Random ids, and ids alike but for one byte, so each byte's place in the order is tried on its own.
        var alike = Guid.CreateVersion7().ToByteArray(bigEndian: true);
        var oneByte = Gen.Select(Gen.Int[0, 15], Gen.Byte, (i, b) =>
        {
            var bytes = (byte[])alike.Clone();
            bytes[i] = b;
            return new Guid(bytes, bigEndian: true);
        });
        var lists = Gen.OneOf(Gen.Guid, oneByte).Array[2, 40].Array[40].Single();
        foreach (var ids in lists)
        {
            await using var command = new NpgsqlCommand("SELECT x FROM unnest($1::uuid[]) AS x ORDER BY x", _connection);
            command.Parameters.AddWithValue(ids);
            var expected = new List<Guid>();
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync()) expected.Add(reader.GetGuid(0));
            Assert.Equal(expected, ids.Order().ToList());
        }
    }
}
