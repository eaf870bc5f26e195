using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>
/// GENERATE ASYMMETRIC KEY PAIR (ISO 7816-8 §5.1) into the slot chosen by MSE SET 41 00. RSA: P1P2 42 00,
/// 2048 bits (v1 also 4096). EC: P1P2 00 00 with the curve parameters as data. The new private key is
/// stored before the public key is sent, so a failed send still leaves it in place (as on the card).
/// </summary>
internal sealed class KeyGenerationCommand(AppletState s)
{
    public Response Process(CommandApdu c)
    {
        if (!s.Pin.IsValidated) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        var slot = s.Environment.KeyReference;
        switch (s.Environment.Algorithm)
        {
            case AlgorithmReference.GenerateRsa2048:
            case AlgorithmReference.GenerateRsa4096 when s.Profile.SupportsRsa4096:
                return GenerateRsa(c, slot, s.Environment.Algorithm == AlgorithmReference.GenerateRsa2048 ? 2048 : 4096);
            case AlgorithmReference.GenerateEc:
                return GenerateEc(c, slot);
            default:
                throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        }
    }

    private Response GenerateRsa(CommandApdu c, short slot, int bits)
    {
        if (c.P1 != 0x42 || c.P2 != 0x00) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (ClassByte.IsChaining(c.Cla)) throw IsoException.Of(StatusWords.ChainingNotSupported);
        CheckSlot(slot);
        s.Budget.EnsureRoom(s.Keys[slot]?.StorageCost ?? 0, RsaCardKey.StorageCostFor(bits));
        var (privateKey, publicKey) = KeyGenerator.GenerateRsa(bits);
        s.StoreKey(slot, privateKey);
        return LargeOutput.Send(s, PublicKeyTemplate.Rsa(publicKey, bits / 8));
    }

    private Response GenerateEc(CommandApdu c, short slot)
    {
        if (c.P1 != 0x00 || c.P2 != 0x00) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (LargeOutput.Receive(s, c) is not { } length) return Response.Success;
        var fieldBits = EcCurve.FieldBitsOf(s.Ram.Bytes, 0, length);
        var curve = EcCurve.Parse(s.Ram.Bytes, 0, length, fieldBits);
        CheckSlot(slot);
        var (privateKey, publicKey) = KeyGenerator.GenerateEc(curve);
        s.StoreKey(slot, privateKey);
        if (s.Profile.IsLegacy)
        {
            Array.Clear(s.Ram.Bytes);
            s.Ram.CurrentPosition = 0;
        }
        return LargeOutput.Send(s, PublicKeyTemplate.Ec(curve, publicKey.Q));
    }

    private static void CheckSlot(short slot)
    {
        if (slot is < 0 or >= AppletState.KeySlots)
            throw new AppletFaultException($"key reference {slot} outside the key array (ArrayIndexOutOfBoundsException)");
    }
}
