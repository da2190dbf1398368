using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnectingPeople.Directory.Api.Tests.Infrastructure;

/// <summary>The service with a clock the test sets: Tuesday 1 December 2026, 11:00 in London (GMT), until moved.</summary>
public sealed class ClockedApp : DirectoryApp
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
