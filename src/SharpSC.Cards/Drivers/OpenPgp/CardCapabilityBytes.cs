using SharpSC.Cards.Errors;

namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// What the historical bytes (DO 5F52, as in the ATR; §6.1 and ISO 7816-4 §8.1.1) say about APDUs: command
/// chaining, extended Lc/Le, and the life cycle status. Malformed compact-TLV stops the parse with what was found.
/// </summary>
public sealed record CardCapabilityBytes(bool CommandChaining, bool ExtendedLength, byte? LifeCycle)
{
    public static CardCapabilityBytes None { get; } = new(false, false, null);

    /// <summary>Category indicator 00: compact-TLV objects followed by the status indicator (LCS, SW1, SW2).</summary>
    public static CardCapabilityBytes Parse(ReadOnlySpan<byte> historical)
    {
        if (historical.Length < 4 || historical[0] != 0x00) return None;
        var lifeCycle = historical[^3];
        var body = historical[1..^3];
        bool chaining = false, extended = false;
        while (body.Length > 0)
        {
            var tag = body[0] >> 4;
            var length = body[0] & 0x0F;
            if (length + 1 > body.Length) break;
            if (tag == 7 && length >= 3)
            {
                chaining = (body[3] & OpenPgpSpec.CardCapabilityBits.CommandChaining) != 0;
                extended = (body[3] & OpenPgpSpec.CardCapabilityBits.ExtendedLength) != 0;
            }
            body = body[(length + 1)..];
        }
        return new CardCapabilityBytes(chaining, extended, lifeCycle);
    }
}
