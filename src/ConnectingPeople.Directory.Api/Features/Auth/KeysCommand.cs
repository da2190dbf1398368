using ConnectingPeople.Directory.Api.Data.Entities;

namespace ConnectingPeople.Directory.Api.Features.Auth;

/// <summary>
/// <c>dotnet run -- keys create --role admin|curator|prescriber --name "..." [--organisation ID]... [--area CODE]... [--team TEAM]</c>
/// prints a new key once; <c>keys revoke --id ID</c> revokes one. This is how the first admin key is made.
/// </summary>
public static class KeysCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeys>();
        string? One(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        IEnumerable<string> All(string name) => args.Select((a, i) => (a, i)).Where(x => x.a == name && x.i + 1 < args.Length).Select(x => args[x.i + 1]);

        switch (args.ElementAtOrDefault(1))
        {
            case "create":
                var role = One("--role");
                if (role is null || !Roles.All.Contains(role))
                {
                    await error.WriteLineAsync("--role must be admin, curator or prescriber");
                    return 2;
                }
                if (role == Roles.Prescriber && string.IsNullOrWhiteSpace(One("--team")))
                {
                    await error.WriteLineAsync("a prescriber key needs --team TEAM (the team whose signposting records it keeps)");
                    return 2;
                }
                var created = await keys.CreateAsync(One("--name") ?? $"{role} key", role,
                    [.. All("--organisation").Select(Guid.Parse)], [.. All("--area")], CancellationToken.None, One("--team"));
                output.WriteLine($"Created {role} key '{created.Key.Name}' (id {created.Key.Id}). It is shown only this once:");
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
