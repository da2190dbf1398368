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

    /// <summary>
    /// Requests processed at once (per instance): two per core by default. A request either computes (a read from
    /// memory) or waits on PostgreSQL, which shares the cores and gains nothing from more statements at once; 64 at
    /// once on 2 cores queued statements inside PostgreSQL until ordinary searches hit their timeout, and four per core
    /// served about a tenth more at overload than two but with twice the served and shed p99 (docs/reliability.md).
    /// Keep it below the database pool size (Npgsql's default is 100).
    /// </summary>
    [Range(1, 10_000)] public int MaxConcurrentRequests { get; set; } = PerCore(2);

    /// <summary>
    /// Requests that may wait for a free slot; beyond that they are shed at once. Short (twice the slots by default), so
    /// that a request that is served waits about two service times at most, and the rest are told in milliseconds.
    /// </summary>
    [Range(0, 100_000)] public int QueueLength { get; set; } = PerCore(4);

    /// <summary>
    /// Above 0, writes (any method but GET, HEAD and OPTIONS) have this many slots and a queue of their own, so edits
    /// waiting on their commits don't hold the slots reads need. Off (0, writes share the read slots) by default: with
    /// two per core and <see cref="NewestFirst"/>, the stepped overload run served fewer requests (380 against 468 a
    /// second) with a slower tail (docs/reliability.md). Reads and writes together stay below the database pool size.
    /// </summary>
    [Range(0, 10_000)] public int MaxConcurrentWrites { get; set; }

    /// <summary>Writes that may wait for a write slot (with <see cref="MaxConcurrentWrites"/>).</summary>
    [Range(0, 100_000)] public int WriteQueueLength { get; set; } = PerCore(4);

    /// <summary>
    /// Serve the newest waiting request first, shedding the oldest when the queue is full. Off by default: measured,
    /// the oldest requests then wait out <see cref="QueueWaitMs"/> before they are shed (shed p99 over a second at 200
    /// a second), and served latency under overload did not improve.
    /// </summary>
    public bool NewestFirst { get; set; }

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

    private static int PerCore(int n) => n * Math.Max(1, Environment.ProcessorCount);
}

/// <summary>Endpoint metadata: this endpoint takes bodies up to <see cref="ProtectionOptions.MaxImportBodyBytes"/>.</summary>
public sealed class LargeBody;
