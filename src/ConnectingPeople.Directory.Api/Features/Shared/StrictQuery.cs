using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// The native API (/api/v1) refuses query parameters its endpoint does not declare, because a typo such as
/// <c>radius=3</c> or <c>interest=walking</c> would otherwise be ignored and the caller would get a plausible but
/// wrong answer. Dates and date-times must be ISO 8601: .NET would also read 01/12/2026 (as 12 January) and
/// "1 Dec 2026". The declared parameters are read once per endpoint from its handler's signature
/// (<c>[FromQuery]</c> parameters and the properties of <c>[AsParameters]</c> classes), so an endpoint needs no
/// list of its own. The Open Referral feed (/openreferral) is not covered: HSDS clients send extra parameters.
/// </summary>
public sealed partial class StrictQuery(RequestDelegate next)
{
    public const string Prefix = "/api/v1";

    /// <summary>Names people reach for that edit distance alone would not map well.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lat"] = "latitude", ["lng"] = "longitude", ["lon"] = "longitude", ["long"] = "longitude", ["radius"] = "radius_km",
        ["distance"] = "radius_km", ["limit"] = "per_page", ["page_size"] = "per_page", ["pagesize"] = "per_page", ["date"] = "on",
        ["query"] = "q", ["text"] = "q", ["search"] = "q", ["days"] = "day",
    };

    private static readonly ConcurrentDictionary<Endpoint, IReadOnlyDictionary<string, Type>> Declared = new();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+\- ]\d{2}(:?\d{2})?)?)?$")]
    private static partial Regex IsoDateTime();

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(Prefix) && context.GetEndpoint() is { } endpoint
            && endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler)
        {
            var declared = Declared.GetOrAdd(endpoint, e => DeclaredParameters(handler, (e as RouteEndpoint)?.RoutePattern.Parameters.Select(p => p.Name)));
            var validation = Check(context.Request.Query, declared);
            if (!validation.IsValid)
            {
                await Problems.Invalid(validation).ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }

    public static Validation Check(IQueryCollection query, IReadOnlyDictionary<string, Type> declared)
    {
        var v = new Validation();
        foreach (var (name, values) in query)
        {
            if (!declared.TryGetValue(name, out var type))
            {
                var known = declared.Keys.Order(StringComparer.Ordinal).ToList();
                var suggestion = Suggest(name, known);
                v.Add(name, (suggestion is null ? "is not a parameter of this endpoint." : $"is not a parameter of this endpoint: did you mean {suggestion}?")
                    + (known.Count == 0 ? " It takes no query parameters." : $" It takes: {string.Join(", ", known)}."));
                continue;
            }
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            var value = values.ToString().Trim();
            if (value.Length == 0) continue;
            if (underlying == typeof(DateOnly) && !IsoDate().IsMatch(value))
                v.Add(name, "must be a date in ISO 8601 form YYYY-MM-DD, for example 2026-12-01.");
            else if ((underlying == typeof(DateTimeOffset) || underlying == typeof(DateTime)) && !IsoDateTime().IsMatch(value))
                v.Add(name, "must be an ISO 8601 date or date-time, for example 2026-12-01 or 2026-12-01T09:00:00Z.");
        }
        return v;
    }

    /// <summary>The declared name closest to what was sent: a known alias, a name it starts (or is the start of), else within two edits.</summary>
    public static string? Suggest(string sent, IReadOnlyCollection<string> known)
    {
        var lower = sent.Trim().ToLowerInvariant();
        if (Aliases.TryGetValue(lower, out var alias) && known.Contains(alias)) return alias;
        if (known.FirstOrDefault(k => string.Equals(k, lower, StringComparison.Ordinal)) is { } exact) return exact;
        var prefixed = known.Where(k => k.StartsWith(lower, StringComparison.Ordinal) || lower.StartsWith(k, StringComparison.Ordinal))
            .OrderBy(k => Math.Abs(k.Length - lower.Length)).FirstOrDefault();
        if (prefixed is not null && Math.Min(prefixed.Length, lower.Length) >= 2) return prefixed;
        var (best, distance) = known.Select(k => (k, Distance(lower, k))).OrderBy(x => x.Item2).ThenBy(x => x.k, StringComparer.Ordinal).FirstOrDefault();
        return best is not null && distance <= Math.Max(1, Math.Min(2, lower.Length / 3)) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    /// <summary>Query names a handler binds: [FromQuery] parameters, [AsParameters] properties, and simple parameters not in the route.</summary>
    public static IReadOnlyDictionary<string, Type> DeclaredParameters(MethodInfo handler, IEnumerable<string>? routeParameters)
    {
        var route = new HashSet<string>(routeParameters ?? [], StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var parameter in handler.GetParameters())
        {
            if (parameter.GetCustomAttribute<FromQueryAttribute>() is { } query) names[query.Name ?? parameter.Name!] = parameter.ParameterType;
            else if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var property in parameter.ParameterType.GetProperties())
                {
                    if (property.GetCustomAttribute<FromQueryAttribute>() is { } q) names[q.Name ?? property.Name] = property.PropertyType;
                }
            }
            else if (IsSimple(parameter.ParameterType) && !route.Contains(parameter.Name!) && !HasBindingAttribute(parameter))
            {
                names[parameter.Name!] = parameter.ParameterType;
            }
        }
        return names;
    }

    private static bool HasBindingAttribute(ParameterInfo p) =>
        p.GetCustomAttributes().Any(a => a is IFromRouteMetadata or IFromHeaderMetadata or IFromServiceMetadata or IFromBodyMetadata or IFromFormMetadata);

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid) || t == typeof(DateOnly)
            || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(TimeOnly);
    }
}
