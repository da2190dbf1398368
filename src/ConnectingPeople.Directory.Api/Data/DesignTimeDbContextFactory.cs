using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ConnectingPeople.Directory.Api.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without a database or the web host.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<DirectoryDbContext>
{
    public DirectoryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<DirectoryDbContext>();
        DatabaseExtensions.Configure(options, DatabaseExtensions.CreateDataSource("Host=localhost;Database=design_time"));
        return new DirectoryDbContext(options.Options, TimeProvider.System);
    }
}
