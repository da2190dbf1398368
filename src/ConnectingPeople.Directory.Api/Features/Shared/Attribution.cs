namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>The attribution the open data we load asks for, wherever it is shown (see seed-data/README.md).</summary>
public static class Attribution
{
    public const string Postcodes =
        "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail copyright and database right 2025. "
        + "Contains National Statistics data © Crown copyright and database right 2025. Licensed under the Open Government Licence v3.0.";

    public const string Boundaries =
        "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right 2025.";

    public const string Libraries =
        "Library data: Libraries Hacked (librarydata.uk), based on the DCMS/Arts Council England basic library dataset, contains public sector information "
        + "licensed under the Open Government Licence v3.0.";

    /// <summary>All three, with the OS statement the postcode and boundary lines share said once.</summary>
    public const string Text = Postcodes + " Source: Office for National Statistics licensed under the Open Government Licence v.3.0. " + Libraries;
}
