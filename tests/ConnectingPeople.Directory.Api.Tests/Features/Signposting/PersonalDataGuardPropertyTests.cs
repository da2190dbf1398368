using System.Globalization;
using ConnectingPeople.Directory.Api.Features.Signposting;
using CsCheck;

namespace ConnectingPeople.Directory.Api.Tests.Features.Signposting;

/// <summary>
/// Every form of personal data the guard must refuse, generated: NHS numbers however grouped, UK phones in every written
/// form, dates of birth numeric, compact and with month names, postcodes spaced, glued or split by invisible characters,
/// emails with full-width or spelled-out at-signs, and a title before a name; each inside ordinary words. And the other
/// way: opaque references and ordinary notes pass.
/// </summary>
public sealed class PersonalDataGuardPropertyTests
{
    private static readonly string[] Filler = ["please", "bring", "a", "friend", "for", "the", "Tuesday", "group", "meets", "call", "born", "lives", "at", "ref", "note:", "-", "(", ")", ","];
    private static readonly Gen<string> Words = Gen.OneOfConst(Filler).Array[0, 4].Select(w => string.Join(" ", w));
    private static readonly Gen<string> Separator = Gen.OneOfConst(" ", "/", "_", "-", ".", "", "\u200B", "\u00AD", " \u200C");
    private static readonly Gen<string> Digit = Gen.Int[0, 9].Select(d => d.ToString(CultureInfo.InvariantCulture));

    private static readonly Gen<string> NhsNumbers = Gen.Int[0, 9].Array[9].Where(d => CheckDigit(d) < 10)
        .Select(d => string.Concat(d) + CheckDigit(d).ToString(CultureInfo.InvariantCulture));

    private static readonly Gen<string> Nhs = Gen.Select(NhsNumbers, Separator, (n, s) => n[..3] + s + n[3..6] + s + n[6..]);

    private static readonly Gen<string> Phones = Gen.Select(Gen.OneOfConst("7700", "7911", "1144", "2079", "1612"), Digit.Array[6], Separator, Gen.Int[0, 6],
        (area, rest, s, form) =>
        {
            var local = string.Concat(rest);
            return form switch
            {
                0 => $"0{area}{s}{local}",
                1 => $"+44{s}{area}{s}{local}",
                2 => $"+44 (0){area}{s}{local}",
                3 => $"44{area}{local}",
                4 => $"0044{s}{area}{s}{local}",
                5 => $"(0{area}){s}{local}",
                _ => $"0{area}_{local[..3]}_{local[3..]}",
            };
        });

    private static readonly Gen<DateOnly> Births = Gen.Int[new DateOnly(1925, 1, 1).DayNumber, new DateOnly(2012, 12, 31).DayNumber].Select(DateOnly.FromDayNumber);

    private static readonly Gen<string> Dates = Gen.Select(Births, Gen.OneOfConst("dd/MM/yyyy", "d.M.yyyy", "yyyy-MM-dd", "ddMMyyyy", "d MMM yyyy", "dMMMyyyy",
        "d MMMM yyyy", "MMMM d, yyyy", "dd-MM-yy", "d'st' MMMM yyyy", "MMM yyyy"), (d, format) => d.ToString(format, CultureInfo.InvariantCulture));

    private static readonly Gen<string> Outwards = Gen.OneOfConst("S1", "S10", "L17", "YO1", "M1", "SW1A", "EC1V", "B33", "LS6", "N1C");
    private static readonly Gen<string> Inwards = Gen.Select(Digit, Gen.OneOfConst("AA", "HE", "JA", "BR", "AP", "XW", "NT", "DY"), (d, l) => d + l);

    private static readonly Gen<string> Postcodes = Gen.Select(Outwards, Inwards, Gen.Int[0, 4], Gen.Bool, (o, i, form, lower) =>
    {
        var code = form switch
        {
            0 => $"{o} {i}",
            1 => $"{o}{i}",
            2 => $"ref{o}{i}",
            3 => $"{o}\u200B{i}",
            _ => $"{o}-{i}-visit",
        };
        return lower ? code.ToLowerInvariant() : code;
    });

    private static readonly Gen<string> Emails = Gen.Select(Gen.OneOfConst("jane", "j.smith", "pat_99"), Gen.OneOfConst("example", "mail"),
        Gen.OneOfConst("com", "org", "co.uk"), Gen.Int[0, 4], (user, host, tld, form) => form switch
        {
            0 => $"{user}@{host}.{tld}",
            1 => $"{user}\uFF20{host}.{tld}",
            2 => $"{user} at {host} dot {tld.Replace(".", " dot ")}",
            3 => $"{user}(at){host}(dot){tld.Replace(".", "(dot)")}",
            _ => $"{user} @ {host} . {tld}",
        });

    private static readonly Gen<string> TitledNames = Gen.Select(Gen.OneOfConst("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"), Gen.OneOfConst("Jane", "Mohammed", "Smith", "Oluwaseun", "Li"),
        Gen.Int[0, 2], (title, name, form) => form switch
        {
            0 => $"{title} {name}",
            1 => $"{title}{name}Smith1",
            _ => $"{title.ToUpperInvariant()} {name.ToUpperInvariant()}",
        });

    private static readonly Gen<string> Addresses = Gen.Select(Gen.Int[1, 300], Gen.OneOfConst("Acacia", "Mill", "Church", "High"),
        Gen.OneOfConst("Avenue", "Road", "Street", "Lane", "Close", "Rd"), (n, name, street) => $"{n} {name} {street}");

    private static int CheckDigit(int[] digits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += digits[i] * (10 - i);
        var check = 11 - (sum % 11);
        return check == 11 ? 0 : check;
    }

    private static void Refused(Gen<string> personal) =>
        Gen.Select(Words, personal, Words).Sample((before, value, after) =>
        {
            var note = $"{before} {value} {after}".Trim();
            Assert.True(PersonalDataGuard.Check(note) is not null, $"not refused: \"{note}\"");
        }, iter: 400);

    [Fact] public void NHS_numbers_are_refused_however_they_are_grouped() => Refused(Nhs);

    [Fact] public void UK_phone_numbers_are_refused_in_every_written_form() => Refused(Phones);

    [Fact] public void Dates_of_birth_are_refused_numeric_compact_or_with_month_names() => Refused(Dates);

    [Fact] public void Postcodes_are_refused_spaced_glued_or_split_by_invisible_characters() => Refused(Postcodes);

    [Fact] public void Emails_are_refused_with_full_width_or_spelled_out_at_signs() => Refused(Emails);

    [Fact] public void A_title_followed_by_a_name_is_refused() => Refused(TitledNames);

    [Fact] public void A_street_address_is_refused() => Refused(Addresses);

    [Theory]
    [InlineData("943/476/5919")]
    [InlineData("943_476_5919")]
    [InlineData("07700_900_123")]
    [InlineData("447700900123")]
    [InlineData("01021950")]
    [InlineData("1Feb1950")]
    [InlineData("MrsJaneSmith1")]
    [InlineData("refS12HE")]
    public void The_references_the_issue_found_stored_are_refused(string reference) => Assert.NotNull(PersonalDataGuard.CheckReference(reference));

    [Theory]
    [InlineData("For Mrs Jane Smith")]
    [InlineData("Jane Smith, born 1 Feb 1950")]
    [InlineData("call +44 (0)7700 900123")]
    [InlineData("jane\uFF20example.com")]
    [InlineData("jane at example dot com")]
    [InlineData("lives at 12 Acacia Avenue")]
    [InlineData("S1\u200B2HE")]
    [InlineData("0770\u200B0900\u200B123")]
    public void The_notes_the_issue_found_stored_are_refused(string note) => Assert.NotNull(PersonalDataGuard.Check(note));

    private static readonly Gen<string> References = Gen.Select(Gen.OneOfConst("REF", "CASE", "SP", "LW", "EMIS"), Gen.OneOfConst("-", "/", "_", ":"),
        Gen.Int[2020, 2030], Gen.Int[1, 9999], (prefix, s, year, n) => $"{prefix}{s}{year}{s}{n:0000}");

    [Fact]
    public void Opaque_references_pass() =>
        References.Sample(reference => Assert.True(PersonalDataGuard.CheckReference(reference) is null, $"refused: {reference}: {PersonalDataGuard.CheckReference(reference)}"), iter: 500);

    private static readonly Gen<string> OrdinaryNotes = Gen.OneOfConst(
        "Meets Tuesdays at 10am in the church hall", "Bring comfy shoes and a drink", "Ask for the organiser at the door",
        "Starts again in May 2026 after the break", "Free, donations welcome", "2 sessions a week, 1 to 3pm", "Take the 52 bus and walk 5 minutes",
        "Room 4 on the first floor", "It's the blue door round the back", "Open to carers as well").Array[1, 3].Select(n => string.Join(". ", n));

    [Fact]
    public void Ordinary_notes_pass() =>
        OrdinaryNotes.Sample(note => Assert.True(PersonalDataGuard.Check(note) is null, $"refused: {note}: {PersonalDataGuard.Check(note)}"), iter: 200);

    [Theory]
    [InlineData("REF-2026-0042")]
    [InlineData("CASE-2024-7731")]
    [InlineData("EMIS:12345/A")]
    public void Ordinary_opaque_references_still_pass(string reference) => Assert.Null(PersonalDataGuard.CheckReference(reference));
}
