using ConnectingPeople.Directory.Api.Data.Seed;

namespace ConnectingPeople.Directory.Api.Features.OpenReferral;

/// <summary>
/// Stable ids for HSDS objects we do not store as rows (an address, a language, an attribute link): derived from
/// what they belong to, so they are the same on every request. An online service's virtual location and its
/// service_at_location have ids that can be turned back into the service id, so /service_at_locations/{id} finds them.
/// </summary>
public static class OrukIds
{
    private static readonly Guid Namespace = new("9b3c1f52-6a0e-4d7b-8f2e-0c1d2e3f4a5b");
    private static readonly byte[] VirtualSalMask = [0x5a, 0x17, 0xc3, 0x9e, 0x21, 0x6b, 0xd4, 0x08];
    private static readonly byte[] VirtualLocationMask = [0xa7, 0x3d, 0x52, 0xe1, 0x90, 0x4c, 0x2b, 0xf6];

    public static Guid Of(string kind, params object[] parts) => DeterministicGuid.Create(Namespace, kind + ":" + string.Join(":", parts));

    public static Guid VirtualServiceAtLocation(Guid serviceId) => Xor(serviceId, VirtualSalMask);

    public static Guid VirtualLocation(Guid serviceId) => Xor(serviceId, VirtualLocationMask);

    /// <summary>The service a virtual service_at_location id was made from (meaningless for any other id).</summary>
    public static Guid ServiceOfVirtualServiceAtLocation(Guid id) => Xor(id, VirtualSalMask);

    private static Guid Xor(Guid id, byte[] mask)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        for (var i = 0; i < mask.Length; i++) bytes[8 + i] ^= mask[i];
        return new Guid(bytes);
    }
}
