using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;

namespace ConnectingPeople.Directory.Api.Features.Auth;

/// <summary>
/// <c>dotnet run -- keys create --role admin|curator|prescriber --name "..." [--organisation ID]... [--area CODE]... [--team TEAM]</c>
/// prints a new key once; <c>keys revoke --id ID</c> revokes one. This is how the first admin key is made.
/// </summary>
public static class KeysCommand
{
    /// <summary>The command-line option a validation field comes from.</summary>
    private static string Option(string field) => field switch
    {
        "organisation_ids" => "--organisation",
        "area_codes" => "--area",
        var other => "--" + other,
    };

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeys>();
        string? One(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        IEnumerable<string> All(string name) => args.Select((a, i) => (a, i)).Where(x => x.a == name && x.i + 1 < args.Length).Select(x => args[x.i + 1]);

        switch (args.ElementAtOrDefault(1))
        {
            case "create":
                var organisations = new List<Guid>();
                foreach (var text in All("--organisation"))
                {
                    if (Guid.TryParse(text, out var organisation)) organisations.Add(organisation);
                    else
                    {
                        await error.WriteLineAsync($"--organisation '{text}' is not an organisation id (a UUID)");
                        return 2;
                    }
                }
                var request = new CreateKeyRequest(One("--name") ?? $"{One("--role")} key", One("--role") ?? "", [.. organisations], [.. All("--area")], One("--team"));
                // The API's own rules, so the command line can't make a key for an organisation or area that doesn't exist.
                var validation = await KeyEndpoints.Validate(request, scope.ServiceProvider.GetRequiredService<DirectoryDbContext>(), CancellationToken.None);
                if (!validation.IsValid)
                {
                    foreach (var (field, messages) in validation.ToDictionary())
                        foreach (var message in messages) await error.WriteLineAsync($"{Option(field)}: {message}");
                    return 2;
                }
                var created = await keys.CreateAsync(request.Name, request.Role, request.OrganisationIds!, request.AreaCodes!, CancellationToken.None, request.Team?.Trim());
                output.WriteLine($"Created {request.Role} key '{created.Key.Name}' (id {created.Key.Id}). It is shown only this once:");
                output.WriteLine(created.Secret);
                return 0;
            case "revoke" when Guid.TryParse(One("--id"), out var id):
                var revoked = await keys.RevokeAsync(id, CancellationToken.None);
                output.WriteLine(revoked ? $"Revoked {id}" : $"No live key {id}");
                return revoked ? 0 : 1;
            default:
                await error.WriteLineAsync("usage: keys create --role admin|curator|prescriber --name NAME [--organisation ID]... [--area CODE]... [--team TEAM] | keys revoke --id ID");
                return 2;
        }
    }
}
