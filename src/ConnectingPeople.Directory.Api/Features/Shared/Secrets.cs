using System.Security.Cryptography;
using System.Text;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>Bearer secrets (API keys, shortlist tokens): 256 random bits as base64url, kept only as a SHA-256 hash.</summary>
public static class Secrets
{
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
