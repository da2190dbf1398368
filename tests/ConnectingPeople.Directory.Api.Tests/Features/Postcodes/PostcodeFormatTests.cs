using ConnectingPeople.Directory.Api.Features.Postcodes;

namespace ConnectingPeople.Directory.Api.Tests.Features.Postcodes;

public sealed class PostcodeFormatTests
{
    [Theory]
    [InlineData("sw1a1aa", PostcodeLevel.Postcode, "SW1A 1AA", "SW1A 1", "SW1A")]
    [InlineData("L17 1AP", PostcodeLevel.Postcode, "L17 1AP", "L17 1", "L17")]
    [InlineData("pr8 1db", PostcodeLevel.Postcode, "PR8 1DB", "PR8 1", "PR8")]
    [InlineData("S10 5", PostcodeLevel.Sector, "S10 5", "S10 5", "S10")]
    [InlineData("s10", PostcodeLevel.District, "S10", null, "S10")]
    public void Parses_postcodes_sectors_and_districts(string raw, PostcodeLevel level, string code, string? sector, string district)
    {
        Assert.True(PostcodeFormat.TryParse(raw, out var parsed));
        Assert.Equal(level, parsed.Level);
        Assert.Equal(code, parsed.Code);
        Assert.Equal(sector, parsed.Sector);
        Assert.Equal(district, parsed.District);
        Assert.Equal(district, parsed.Redacted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S1 2H")]
    [InlineData("1S 2HE")]
    [InlineData("S1 2HEE")]
    [InlineData("S1-2HE")]
    public void Rejects_what_is_not_a_postcode(string raw) => Assert.False(PostcodeFormat.TryParse(raw, out _));
}
