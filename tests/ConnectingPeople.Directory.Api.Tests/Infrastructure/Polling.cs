using System.Net;

namespace ConnectingPeople.Directory.Api.Tests.Infrastructure;

public static class Polling
{
    /// <summary>Asks for the URL every 250 ms until it answers 200 (true) or the time is up (false); a refused connection counts as not yet.</summary>
    public static async Task<bool> AnswersOkWithinAsync(this HttpClient client, string url, TimeSpan within)
    {
        for (var deadline = DateTime.UtcNow + within; DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            try
            {
                using var response = await client.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK) return true;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }
        return false;
    }

    /// <summary>Reads the value every 100 ms until it satisfies the condition or the time is up; returns the last value read.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within)
    {
        var value = await read();
        for (var deadline = DateTime.UtcNow + within; !done(value) && DateTime.UtcNow < deadline; value = await read()) await Task.Delay(100);
        return value;
    }
}
