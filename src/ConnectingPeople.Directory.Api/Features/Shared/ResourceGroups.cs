using System.Runtime.CompilerServices;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// One rule for where a resource's endpoints live: every endpoint under <c>/api/v1/{resource}</c> (and the Open Referral
/// feed under <c>/openreferral</c>) is mapped into the one group for that URL prefix, made here on first use and handed to
/// every feature that adds to it (listings are read in Features/Assets and written in Features/Curation, into one group).
/// A feature that needs its own conventions (auth, tags) sets them on a sub-group of it; it never maps the prefix again.
/// The ResourceGroupsTests check it by walking the endpoints.
/// </summary>
public static class ResourceGroups
{
    /// <summary>Carried by every endpoint of a resource group: the same instance for all of them, so a second group shows.</summary>
    public sealed class Resource(string prefix)
    {
        public string Prefix { get; } = prefix;
    }

    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, Dictionary<string, RouteGroupBuilder>> Groups = new();

    /// <summary>The one group for this URL prefix (such as <c>/api/v1/assets</c>), made on first use.</summary>
    public static RouteGroupBuilder MapResource(this IEndpointRouteBuilder app, string prefix)
    {
        var groups = Groups.GetOrCreateValue(app);
        lock (groups)
        {
            if (!groups.TryGetValue(prefix, out var group))
                groups[prefix] = group = app.MapGroup(prefix).WithMetadata(new Resource(prefix));
            return group;
        }
    }
}
