using System.Security.Cryptography;
using System.Text;

namespace ConnectingPeople.Directory.Api.Data.Seed;

/// <summary>RFC 4122 name-based (version 5) UUIDs, so taxonomy terms keep the same id on every install.</summary>
public static class DeterministicGuid
{
    public static readonly Guid TaxonomyNamespace = new("3b0f7c4e-8f5d-4b8e-9a61-2d8c8e7f1a20");

    public static Guid Create(Guid ns, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        ns.TryWriteBytes(buffer, bigEndian: true, out _);
        nameBytes.CopyTo(buffer, 16);
        var hash = SHA1.HashData(buffer);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
