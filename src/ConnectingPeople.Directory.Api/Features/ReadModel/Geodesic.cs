namespace ConnectingPeople.Directory.Api.Features.ReadModel;

/// <summary>
/// Distances on the WGS84 spheroid by Vincenty's inverse formula (T. Vincenty, "Direct and inverse solutions of
/// geodesics on the ellipsoid", Survey Review 23(176), 1975), so the memory path agrees with PostGIS
/// <c>ST_Distance(geography, geography)</c>, which solves the same inverse problem (GeographicLib). For points that are
/// not nearly antipodal the two agree to well under a millimetre; <c>GeodesicTests</c> checks that against PostGIS.
/// </summary>
public static class Geodesic
{
    private const double A = 6378137.0;
    private const double F = 1 / 298.257223563;
    private const double B = A * (1 - F);
    private const double Radians = Math.PI / 180;

    public static double Metres(double lat1, double lon1, double lat2, double lon2)
    {
        if (lat1 == lat2 && lon1 == lon2) return 0;
        var l = (lon2 - lon1) * Radians;
        var u1 = Math.Atan((1 - F) * Math.Tan(lat1 * Radians));
        var u2 = Math.Atan((1 - F) * Math.Tan(lat2 * Radians));
        double sinU1 = Math.Sin(u1), cosU1 = Math.Cos(u1), sinU2 = Math.Sin(u2), cosU2 = Math.Cos(u2);

        double lambda = l, sinSigma, cosSigma, sigma, cosSqAlpha, cos2SigmaM;
        for (var i = 0; ; i++)
        {
            double sinLambda = Math.Sin(lambda), cosLambda = Math.Cos(lambda);
            sinSigma = Math.Sqrt(Math.Pow(cosU2 * sinLambda, 2) + Math.Pow(cosU1 * sinU2 - sinU1 * cosU2 * cosLambda, 2));
            if (sinSigma == 0) return 0;
            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
            sigma = Math.Atan2(sinSigma, cosSigma);
            var sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            cosSqAlpha = 1 - sinAlpha * sinAlpha;
            cos2SigmaM = cosSqAlpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha;
            var c = F / 16 * cosSqAlpha * (4 + F * (4 - 3 * cosSqAlpha));
            var previous = lambda;
            lambda = l + (1 - c) * F * sinAlpha * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
            if (Math.Abs(lambda - previous) < 1e-13) break;
            // Nearly antipodal points do not converge; the directory's distances never come near that.
            if (i > 200) break;
        }
        var uSq = cosSqAlpha * (A * A - B * B) / (B * B);
        var bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
        var bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
        var deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
            - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
        return B * bigA * (sigma - deltaSigma);
    }
}

/// <summary>
/// A point as a unit vector on the mean Earth sphere, for a cheap great-circle distance that bounds the spheroid's:
/// mapping the spheroid onto the sphere by latitude and longitude stretches every length by between the smallest and
/// largest radius of curvature over the sphere's radius (6,335,439 and 6,399,594 against 6,371,009 m: 0.9944 to
/// 1.0045), so a geodesic is within those factors of the great circle. <see cref="Least"/> and <see cref="Most"/>
/// leave room to spare (1%, and a millimetre for rounding at tiny distances); a search uses them to skip Vincenty for
/// venues that cannot be in reach or cannot be nearest.
/// </summary>
public readonly record struct SpherePoint(double X, double Y, double Z)
{
    private const double Radius = 6_371_008.8;
    private const double Radians = Math.PI / 180;

    /// <summary>How much further than <see cref="Metres"/> the spheroid distance can be, at most (a factor, with room).</summary>
    public const double Stretch = 1.01 / 0.99;

    /// <summary>The spheroid distance is at least this, given <see cref="Metres"/>.</summary>
    public static double Least(double sphereMetres) => sphereMetres * 0.99 - 0.001;

    /// <summary>The spheroid distance is at most this, given <see cref="Metres"/>.</summary>
    public static double Most(double sphereMetres) => sphereMetres * 1.01 + 0.001;

    public static SpherePoint At(double latitude, double longitude)
    {
        double lat = latitude * Radians, lon = longitude * Radians, cosLat = Math.Cos(lat);
        return new SpherePoint(cosLat * Math.Cos(lon), cosLat * Math.Sin(lon), Math.Sin(lat));
    }

    /// <summary>Great-circle metres on the mean sphere, from the chord.</summary>
    public double Metres(SpherePoint other)
    {
        double dx = X - other.X, dy = Y - other.Y, dz = Z - other.Z;
        return 2 * Radius * Math.Asin(Math.Min(1, Math.Sqrt(dx * dx + dy * dy + dz * dz) / 2));
    }
}
