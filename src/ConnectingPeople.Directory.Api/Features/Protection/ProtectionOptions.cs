using System.ComponentModel.DataAnnotations;

namespace ConnectingPeople.Directory.Api.Features.Protection;

/// <summary>Limits and browser rules for hostile or careless callers (configuration section "Protection").</summary>
public sealed class ProtectionOptions
{
    public const string Section = "Protection";

    /// <summary>Requests a minute from one client address without a key (per instance).</summary>
    [Range(1, 100_000_000)] public int AnonymousPerMinute { get; set; } = 300;

    /// <summary>Requests a minute for one API key or signed-in user (per instance).</summary>
    [Range(1, 100_000_000)] public int KeyPerMinute { get; set; } = 1_200;

    /// <summary>Requests processed at once (per instance); keep it below the database pool size (Npgsql's default is 100).</summary>
    [Range(1, 10_000)] public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>Requests that may wait for a free slot; beyond that they are shed at once.</summary>
    [Range(0, 100_000)] public int QueueLength { get; set; } = 128;

    /// <summary>How long a request may wait for a slot before it is shed with a 503 and Retry-After.</summary>
    [Range(1, 60_000)] public int QueueWaitMs { get; set; } = 1_000;

    /// <summary>Largest request body in bytes, except imports.</summary>
    [Range(1_024, 1_073_741_824)] public long MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Largest import body in bytes (CSV, GeoJSON or Open Referral JSON).</summary>
    [Range(1_024, 1_073_741_824)] public long MaxImportBodyBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>Browser origins allowed to send writes (POST, PUT, PATCH, DELETE) cross-origin; none by default.</summary>
    public string[] WriteOrigins { get; set; } = [];

    /// <summary>Behind a reverse proxy or load balancer: take the client address from X-Forwarded-For.</summary>
    public bool TrustForwardedHeaders { get; set; }
}

/// <summary>Endpoint metadata: this endpoint takes bodies up to <see cref="ProtectionOptions.MaxImportBodyBytes"/>.</summary>
public sealed class LargeBody;
