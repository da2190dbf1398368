using Npgsql;

namespace ConnectingPeople.Directory.Api.Data;

/// <summary>
/// With ConnectionStrings:DirectoryReadOnly set (a streaming replica), anonymous reads (GET and HEAD without a key or
/// token: search, listings, the ORUK feed, health) use the replica. Everything else uses the primary: every write, and
/// every request that carries credentials, so a curator or link worker always reads what they have just written.
/// Background work (migrations, the demand log) has no request and uses the primary.
/// </summary>
public static class ReadRouting
{
    public const string ReplicaKey = "read-only";

    public static NpgsqlDataSource Choose(IServiceProvider services)
    {
        var primary = services.GetRequiredService<NpgsqlDataSource>();
        if (services.GetKeyedService<NpgsqlDataSource>(ReplicaKey) is not { } replica) return primary;
        var context = services.GetService<IHttpContextAccessor>()?.HttpContext;
        return context is not null && IsAnonymousRead(context.Request) ? replica : primary;
    }

    public static bool IsAnonymousRead(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !request.Headers.ContainsKey("Authorization") && !request.Headers.ContainsKey("X-Api-Key");
}
