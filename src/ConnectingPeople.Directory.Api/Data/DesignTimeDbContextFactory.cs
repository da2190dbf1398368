using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ConnectingPeople.Directory.Api.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without a database or the web host.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<DirectoryDbContext>
{
    public DirectoryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<DirectoryDbContext>()
            .UseNpgsql("Host=localhost;Database=design_time", npgsql => npgsql
                .UseNetTopologySuite(geographyAsDefault: true)
                .MigrationsHistoryTable("__ef_migrations_history", DirectoryDbContext.Schema))
            .UseSnakeCaseNamingConvention()
            .Options;
        return new DirectoryDbContext(options, TimeProvider.System);
    }
}
