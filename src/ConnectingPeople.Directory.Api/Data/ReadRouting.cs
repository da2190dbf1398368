using Npgsql;

namespace ConnectingPeople.Directory.Api.Data;

/// <summary>
/// With ConnectionStrings:DirectoryReadOnly set (a streaming replica), anonymous reads (GET and HEAD without a key or
/// token: search, listings, the ORUK feed, health) use the replica. Everything else uses the primary: every write, and
/// every request that carries credentials, so a curator or link worker always reads what they have just written.
/// Background work (migrations, the demand log) has no request and uses the primary. Anonymous reads run under a
/// statement_timeout (Database:AnonymousStatementTimeoutMs, 2 s by default), so no URL anyone can send holds a
/// backend longer than that.
/// </summary>
public static class ReadRouting
{
    /// <summary>Anonymous reads: the replica if there is one, else the primary, under the anonymous statement timeout.</summary>
    public const string AnonymousKey = "anonymous";

    public static NpgsqlDataSource Choose(IServiceProvider services)
    {
        var context = services.GetService<IHttpContextAccessor>()?.HttpContext;
        return context is not null && IsAnonymousRead(context.Request)
            ? services.GetRequiredKeyedService<NpgsqlDataSource>(AnonymousKey)
            : services.GetRequiredService<NpgsqlDataSource>();
    }

    public static bool IsAnonymousRead(HttpRequest request) =>
        Features.Shared.HttpConventions.IsRead(request.Method)
        && !request.Headers.ContainsKey("Authorization") && !request.Headers.ContainsKey("X-Api-Key");
}
