using System.Net;
using System.Net.Http.Json;
using ConnectingPeople.Directory.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ConnectingPeople.Directory.Api.Tests.Features.Protection;

/// <summary>One read slot with a queue of one that waits long, served newest first, and one write slot: both options can be seen with a few requests.</summary>
public sealed class OneReadOneWriteApp : DirectoryApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Protection:MaxConcurrentRequests", "1");
        builder.UseSetting("Protection:QueueLength", "1");
        builder.UseSetting("Protection:QueueWaitMs", "20000");
        builder.UseSetting("Protection:MaxConcurrentWrites", "1");
        builder.UseSetting("Protection:WriteQueueLength", "1");
        builder.UseSetting("Protection:NewestFirst", "true");
    }
}

public sealed class OverloadLaneTests(OneReadOneWriteApp app) : IClassFixture<OneReadOneWriteApp>
{
    [Fact]
    public async Task A_full_queue_sheds_its_oldest_request_at_once_serves_the_newest_and_writes_have_slots_of_their_own()
    {
        var client = app.CreateClient();
        await using var held = await HeldSlot.TakeAsync(app);

        // A write is not held up by the full read lane: it is answered (here refused, as it names no listing), not shed.
        using (var write = await client.PostAsJsonAsync("/api/v1/feedback", new { }))
            Assert.InRange((int)write.StatusCode, 400, 499);

        var older = client.GetAsync("/api/v1/taxonomies");
        // Time for the older request to reach the queue before the newer is sent: nothing outside the limiter shows it.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(older.IsCompleted);
        var newer = client.GetAsync("/api/v1/taxonomies");
        // The newer request takes the queue's one place and pushes the older one out: told at once, long before the
        // queue wait of 20 s (the bound is the test's, not a performance target).
        using (var shed = await older.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            await shed.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("1", shed.Headers.GetValues("Retry-After").Single());
        }
        Assert.False(newer.IsCompleted);

        using var released = await held.ReleaseAsync();
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        using var served = await newer.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }
}
