using System.Net;
using ConnectingPeople.Directory.Api.Features.Pages;
using CsCheck;

namespace ConnectingPeople.Directory.Api.Tests.Features.Pages;

/// <summary>The pages' HTML builder against the simplest oracle: any text decodes back to itself and carries no markup character.</summary>
public sealed class HtmlTests
{
    // Whole characters only: a lone surrogate is not text (the encoder replaces it).
    private static readonly Gen<string> Texts = Gen.OneOf(Gen.String[Gen.Char.Where(c => !char.IsSurrogate(c)), 0, 40], Gen.String[Gen.Char["<>\"'&/= ascript"], 0, 40]);

    [Fact]
    public void Text_and_attribute_values_never_carry_markup_and_decode_to_what_was_given() =>
        Texts.Select(Texts.Where(v => v.Length > 0)).Sample((text, value) =>
        {
            // "" would be a bare attribute (checked, required), so values here are never empty.
            var html = new Html().Open("a", ("href", value)).Text(text).Close("a").ToString();
            var inner = html[(html.IndexOf('>') + 1)..html.LastIndexOf("</a>", StringComparison.Ordinal)];
            var attribute = html[9..html.IndexOf("\">", StringComparison.Ordinal)];
            Assert.DoesNotContain(inner, c => c is '<' or '>' or '"' or '\'');
            Assert.DoesNotContain(attribute, c => c is '<' or '>' or '"' or '\'');
            Assert.Equal(text, WebUtility.HtmlDecode(inner));
            Assert.Equal(value, WebUtility.HtmlDecode(attribute));
        });
}
