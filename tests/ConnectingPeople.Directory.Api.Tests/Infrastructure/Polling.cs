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
}
