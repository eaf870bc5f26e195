using System.Globalization;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Tlv;
using SharpSC.Diagnostics;
using static SharpSC.Cards.Drivers.Piv.PivConstants;

namespace SharpSC.Cards.Drivers.Piv;

/// <summary>
/// Yubico GET METADATA of a key slot (firmware 5.3+): algorithm, PIN and touch policy, origin and public key.
/// <see cref="Spec"/> is null when the card names an algorithm this driver does not know; the slot is then
/// reported and unusable, the other slots unaffected.
/// </summary>
public sealed record PivKeyMetadata(byte Algorithm, KeySpec? Spec, PivPinPolicy PinPolicy, PivTouchPolicy TouchPolicy, bool Generated, PublicKeyInfo? PublicKey)
{
    internal static PivKeyMetadata Parse(PivSlot slot, ReadOnlyMemory<byte> answer)
    {
        var what = $"GET METADATA {slot.Reference:X2}";
        var elements = BerTlv.Parse(answer, skipPadding: false);
        if (BerTlv.Find(elements, MetaAlgorithm) is not { Length: 1 } alg)
            throw CardException.Malformed($"{what}: no algorithm (tag 01).");
        var algorithm = alg.Span[0];
        var spec = PivAlgorithms.ToKeySpec(algorithm);
        var policy = BerTlv.Find(elements, MetaPolicy) is { Length: 2 } p ? p.ToArray() : [0, 0];
        var generated = BerTlv.Find(elements, MetaOrigin) is { Length: 1 } o && o.Span[0] == 0x01;
        PublicKeyInfo? publicKey = null;
        if (spec == null)
            Log.Info("card", string.Create(CultureInfo.InvariantCulture, $"PIV: {what} names algorithm {algorithm:X2}, which this driver does not know; the slot is left out."));
        else if (BerTlv.Find(elements, MetaPublicKey) is { Length: > 0 } pk)
            publicKey = PivPublicKeyParser.ParseObjects(pk, spec, what);
        return new PivKeyMetadata(algorithm, spec, (PivPinPolicy)Math.Min(policy[0], (byte)3), (PivTouchPolicy)Math.Min(policy[1], (byte)3), generated, publicKey);
    }
}

/// <summary>Yubico GET METADATA of the PIN or PUK: still the factory value, tries in total and left.</summary>
public sealed record PivPinMetadata(bool IsDefault, int TotalTries, int TriesLeft)
{
    internal static PivPinMetadata Parse(ReadOnlyMemory<byte> answer, string what)
    {
        var elements = BerTlv.Parse(answer, skipPadding: false);
        if (BerTlv.Find(elements, MetaRetries) is not { Length: 2 } r)
            throw CardException.Malformed($"{what}: no retry counters (tag 06).");
        var isDefault = BerTlv.Find(elements, MetaIsDefault) is { Length: 1 } d && d.Span[0] != 0;
        return new PivPinMetadata(isDefault, r.Span[0], r.Span[1]);
    }
}

/// <summary>Yubico GET METADATA of the management key: algorithm, touch policy, still the factory key.</summary>
public sealed record PivManagementKeyMetadata(byte Algorithm, PivTouchPolicy TouchPolicy, bool IsDefault)
{
    internal static PivManagementKeyMetadata Parse(ReadOnlyMemory<byte> answer)
    {
        var elements = BerTlv.Parse(answer, skipPadding: false);
        if (BerTlv.Find(elements, MetaAlgorithm) is not { Length: 1 } alg)
            throw CardException.Malformed("GET METADATA 9B: no algorithm (tag 01).");
        var touch = BerTlv.Find(elements, MetaPolicy) is { Length: 2 } p ? (PivTouchPolicy)Math.Min(p.Span[1], (byte)3) : PivTouchPolicy.Default;
        var isDefault = BerTlv.Find(elements, MetaIsDefault) is { Length: 1 } d && d.Span[0] != 0;
        return new PivManagementKeyMetadata(alg.Span[0], touch, isDefault);
    }
}
