using System.Globalization;
using SharpSC.Pkcs15.Asn1;

namespace SharpSC.Pkcs15.Files;

/// <summary>
/// TokenInfo lastUpdate [5] (PKCS#15 v1.1 §6.11): CHOICE { generalizedTime, referencedTime
/// ReferencedValue }. Exactly one of the properties is set.
/// </summary>
public sealed record LastUpdate
{
    private LastUpdate()
    {
    }

    /// <summary>The GeneralizedTime text as stored, e.g. "20261127090746Z".</summary>
    public string? Time { get; private init; }

    /// <summary>referencedTime as a path to a file holding the time.</summary>
    public Pkcs15Path? Path { get; private init; }

    /// <summary>Any other alternative (a URL), raw.</summary>
    public RawElement? Other { get; private init; }

    public static LastUpdate FromTime(string generalizedTime) => new() { Time = generalizedTime };

    /// <summary>UTC time formatted as OpenSC writes it: yyyyMMddHHmmssZ.</summary>
    public static LastUpdate FromTime(DateTimeOffset time) =>
        FromTime(time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z");

    public static LastUpdate FromPath(Pkcs15Path path) => new() { Path = path };

    public static LastUpdate FromOther(RawElement element) => new() { Other = element };

    /// <summary>The time when it is a GeneralizedTime of the form yyyyMMddHHmmss[.fff]Z.</summary>
    public DateTimeOffset? TryGetTime()
    {
        string[] formats = ["yyyyMMddHHmmss'Z'", "yyyyMMddHHmm'Z'", "yyyyMMddHHmmss.FFF'Z'"];
        return Time is not null && DateTime.TryParseExact(Time, formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero)
            : null;
    }
}
