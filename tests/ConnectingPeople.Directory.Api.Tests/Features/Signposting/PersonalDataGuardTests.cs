using ConnectingPeople.Directory.Api.Features.Signposting;

namespace ConnectingPeople.Directory.Api.Tests.Features.Signposting;

public sealed class PersonalDataGuardTests
{
    [Theory]
    [InlineData("9434765919", "NHS number")]
    [InlineData("943 476 5919", "NHS number")]
    [InlineData("REF-943-476-5919", "NHS number")]
    [InlineData("S1 2JA", "postcode")]
    [InlineData("l171ap", "postcode")]
    [InlineData("YO1-7HH-visit", "postcode")]
    [InlineData("jo.bloggs@example.org", "email")]
    [InlineData("07700900123", "phone")]
    [InlineData("+44 7700 900123", "phone")]
    [InlineData("(0114) 496 0123", "phone")]
    [InlineData("12/03/1950", "date")]
    [InlineData("1950-03-12", "date")]
    public void A_reference_that_looks_like_personal_data_is_refused_saying_what_it_looks_like(string reference, string what)
    {
        var problem = PersonalDataGuard.CheckReference(reference);

        Assert.NotNull(problem);
        Assert.Contains(what, problem, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Jane-Smith", "digit")]
    [InlineData("Jane Smith 4", "no spaces")]
    public void A_name_is_not_an_opaque_reference(string reference, string why)
    {
        Assert.Contains(why, PersonalDataGuard.CheckReference(reference), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_reference_longer_than_64_characters_is_refused() =>
        Assert.NotNull(PersonalDataGuard.CheckReference("A" + new string('1', 64)));

    [Theory]
    [InlineData("CASE-2024-0042")]
    [InlineData("EMIS:12345/A")]
    [InlineData("SP_77#3")]
    [InlineData("9434765910")] // ten digits, but the check digit is wrong: not an NHS number
    public void An_opaque_case_reference_is_accepted(string reference) => Assert.Null(PersonalDataGuard.CheckReference(reference));

    [Theory]
    [InlineData("9434765919", true)]
    [InlineData("4010232137", true)]
    [InlineData("9434765910", false)]
    [InlineData("1234567890", false)] // the check digit would be 10: never issued
    [InlineData("943476591", false)]
    public void An_NHS_number_is_ten_digits_with_a_modulus_11_check_digit(string digits, bool valid) =>
        Assert.Equal(valid, PersonalDataGuard.IsNhsNumber(digits));

    [Theory]
    [InlineData("Ask for Jean at the door. Wear comfy shoes and bring a drink.", true)]
    [InlineData("Tuesdays at 10, it's the blue door round the back", true)]
    [InlineData("Your number is 07700 900123 if they need you", false)]
    [InlineData("Send the form to me@example.org", false)]
    public void A_free_text_note_is_checked_for_the_same_things(string note, bool allowed) =>
        Assert.Equal(allowed, PersonalDataGuard.Check(note) is null);
}
