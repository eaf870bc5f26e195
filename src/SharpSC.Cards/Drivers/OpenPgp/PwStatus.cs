using System.Globalization;
using SharpSC.Cards.Errors;

namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// PW status bytes (DO C4, §4.4.3.9): whether PW1 stays valid for several PSO:CDS, the maximum lengths of PW1,
/// resetting code and PW3, and the three retry counters.
/// </summary>
public sealed record PwStatus(bool Pw1ValidForSeveralSignatures, int Pw1MaxLength, int ResettingCodeMaxLength, int Pw3MaxLength,
    int Pw1Tries, int ResettingCodeTries, int Pw3Tries)
{
    /// <summary>Parses C4; fewer than 7 bytes is a malformed answer (every card since 1.1 has 7).</summary>
    public static PwStatus Parse(ReadOnlySpan<byte> value)
    {
        if (value.Length < 7)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"PW status bytes (C4) of {value.Length} bytes, not 7."));
        return new PwStatus(value[0] == 0x01, value[1] & 0x7F, value[2] & 0x7F, value[3] & 0x7F, value[4], value[5], value[6]);
    }
}
