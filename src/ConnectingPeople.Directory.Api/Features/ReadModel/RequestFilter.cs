using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using ConnectingPeople.Directory.Api.Data.Entities;
using ConnectingPeople.Directory.Api.Features.Search;
using ConnectingPeople.Directory.Api.Features.Shared;

namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>
/// A search's non-spatial filters, from <see cref="AssetFilters.Matching"/>'s own expressions (the very ones SQL gets),
/// rewritten for LINQ to Objects and compiled once into a delegate over any sequence of listings; the time conditions
/// likewise (<see cref="AssetFilters.SessionFits"/>). Compiling costs about a millisecond, so compiled filters are kept
/// per distinct set of filter values (<see cref="For"/>) and shared by the requests that ask the same. Words are not
/// part of it: <see cref="Text.TextQuery"/> judges them.
/// </summary>
public sealed class RequestFilter
{
    private const int CacheSize = 512;
    private static readonly ConcurrentDictionary<string, RequestFilter> Cache = new();
    private readonly Func<IEnumerable<Asset>, IEnumerable<Asset>> _matching;

    public RequestFilter(SearchRequest r, DateTimeOffset now)
    {
        r = r with { TextTerms = [] };
        var source = Enumerable.Empty<Asset>().AsQueryable();
        var items = Expression.Parameter(typeof(IEnumerable<Asset>), "items");
        var body = new ToEnumerable(source, items).Visit(source.Matching(r, now).Expression);
        _matching = Expression.Lambda<Func<IEnumerable<Asset>, IEnumerable<Asset>>>(body, items).Compile();
        Fits = AssetFilters.SessionFits(r)?.Compile();
    }

    /// <summary>
    /// The filter for this request, compiled once for every request with the same filter values. A filter on
    /// verification age depends on the moment asked (its cut-off moves with the clock), so it is never shared.
    /// </summary>
    public static RequestFilter For(SearchRequest r, DateTimeOffset now)
    {
        if (r.VerifiedWithinDays is not null) return new RequestFilter(r, now);
        var key = Key(r);
        if (Cache.TryGetValue(key, out var cached)) return cached;
        // A bounded cache: the filter values people ask for are few; a flood of distinct ones only resets it.
        if (Cache.Count >= CacheSize) Cache.Clear();
        return Cache.GetOrAdd(key, _ => new RequestFilter(r, now));
    }

    /// <summary>
    /// Every value <see cref="AssetFilters.Matching"/> and <see cref="AssetFilters.SessionFits"/> can read, by serialising
    /// the request without the parts they never read (so a new filter field is in the key without anyone remembering).
    /// </summary>
    private static string Key(SearchRequest r) => JsonSerializer.Serialize(r with
    {
        Origin = null, RadiusMetres = 0, Nearest = null, NearestMaxMetres = 0, AreaCode = null, TextTerms = [], Text = null,
        Sort = default, Format = default, Page = new PageRequest(1, 1),
    });

    /// <summary>The time conditions on one session, or null when none were asked for.</summary>
    public Func<Schedule, bool>? Fits { get; }

    public List<Asset> Apply(IEnumerable<Asset> assets) => [.. _matching(assets)];

    /// <summary>
    /// Turns the IQueryable pipeline into Enumerable calls over <c>items</c>. LINQ's own EnumerableQuery would leave
    /// nested <c>x.AsQueryable().Any(predicate)</c> calls (how AssetFilters hands EF a stored predicate) as Queryable
    /// calls, and each of those compiles its predicate again every time it runs: once per listing tested.
    /// </summary>
    private sealed class ToEnumerable(IQueryable<Asset> source, ParameterExpression items) : ExpressionVisitor
    {
        private static readonly ILookup<string, MethodInfo> EnumerableMethods =
            typeof(Enumerable).GetMethods(BindingFlags.Public | BindingFlags.Static).ToLookup(m => m.Name);

        protected override Expression VisitConstant(ConstantExpression node) => node.Value == source ? items : node;

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(Queryable)) return base.VisitMethodCall(node);
            List<Expression> args = [.. node.Arguments.Select(a => Visit(Unquote(a)))];
            if (node.Method.Name == nameof(Queryable.AsQueryable)) return args[0];
            var typeArgs = node.Method.IsGenericMethod ? node.Method.GetGenericArguments() : [];
            var method = EnumerableMethods[node.Method.Name]
                .Where(m => m.GetParameters().Length == args.Count && m.IsGenericMethodDefinition == node.Method.IsGenericMethod
                    && (!m.IsGenericMethodDefinition || m.GetGenericArguments().Length == typeArgs.Length))
                .Select(m => m.IsGenericMethodDefinition ? m.MakeGenericMethod(typeArgs) : m)
                .Single(m => m.GetParameters().Zip(args).All(p => p.First.ParameterType.IsAssignableFrom(p.Second.Type)));
            return Expression.Call(method, args);
        }

        /// <summary>
        /// A quoted lambda, or an expression captured in a closure (<c>.Any(fits)</c> inside a lambda reads the local
        /// <c>fits</c>), becomes the lambda itself, compiled with the rest.
        /// </summary>
        private static Expression Unquote(Expression arg) => arg switch
        {
            UnaryExpression { NodeType: ExpressionType.Quote } quote => quote.Operand,
            MemberExpression { Expression: ConstantExpression closure, Member: FieldInfo field } when typeof(LambdaExpression).IsAssignableFrom(field.FieldType)
                => (LambdaExpression)field.GetValue(closure.Value)!,
            _ => arg,
        };
    }
}
