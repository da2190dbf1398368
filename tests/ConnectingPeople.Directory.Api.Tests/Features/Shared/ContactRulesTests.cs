using ConnectingPeople.Directory.Api.Features.Shared;

namespace ConnectingPeople.Directory.Api.Tests.Features.Shared;

public sealed class ContactRulesTests
{
    [Theory]
    [InlineData("0114 496 0123", true)]
    [InlineData("+44 114 496 0000", true)]
    [InlineData("+44 (0)114 496 0000", true)]
    [InlineData("(0114) 496 0000", true)]
    [InlineData("07700 900123", true)]
    [InlineData("07700-900-123", true)]
    [InlineData("12", false)]
    [InlineData("call me", false)]
    [InlineData("+44 (0)114 496 0000 ext 2", false)]
    [InlineData("0044 114 496 0000", false)]
    [InlineData("00114 496 0000", false)]
    [InlineData("+1 212 555 0100", false)]
    public void A_phone_is_a_UK_number_in_one_of_its_written_forms(string phone, bool valid) => Assert.Equal(valid, ContactRules.IsUkPhone(phone));

    [Theory]
    [InlineData("https://example.org", true)]
    [InlineData("http://example.org/a%20b?c=d#e", true)]
    [InlineData("https://evil.example/\"><script>alert(3)</script>", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("ftp://example.org", false)]
    [InlineData("https://exa mple.org", false)]
    [InlineData("https://user:pass@example.org", false)]
    [InlineData("example.org", false)]
    public void A_website_is_a_well_formed_absolute_http_address(string website, bool valid) => Assert.Equal(valid, ContactRules.IsWebsite(website));

    [Theory]
    [InlineData("pat@example.org", true)]
    [InlineData("o'brien+groups@example.co.uk", true)]
    [InlineData("jane\uFF20example.com", false)]
    [InlineData("a@b", false)]
    [InlineData("<x@example.org>", false)]
    [InlineData("x..y@example.org", false)]
    [InlineData("x@exa_mple.org", false)]
    public void An_email_is_a_plain_address_with_a_host_name(string email, bool valid) => Assert.Equal(valid, ContactRules.IsEmail(email));
}
