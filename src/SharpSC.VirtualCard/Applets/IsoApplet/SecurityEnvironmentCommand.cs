using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>
/// MANAGE SECURITY ENVIRONMENT (ISO 7816-4 §11.5.11). P1 41 SET with tags 80 (algorithm) and 84 (key
/// reference 0..15), other tags (OpenSC's 81 path) ignored; P1 F3 RESTORE; P2 00 key generation/import,
/// B6 signature, B8 decipher. The environment only changes when every check passed.
/// </summary>
internal sealed class SecurityEnvironmentCommand(AppletState s)
{
    public Response Process(CommandApdu c)
    {
        if (!s.Pin.IsValidated) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        var data = c.Data;
        if (!AppletTlv.IsConsistent(data, 0, data.Length)) throw Invalid();

        byte algorithm;
        short keyRef;
        switch (c.P1)
        {
            case 0x41:
                // The applet bounds both searches by Lc cast to a signed byte.
                algorithm = (byte)OneByteValue(data, 0x80);
                keyRef = OneByteValue(data, 0x84);
                if (keyRef >= AppletState.KeySlots) throw Invalid();
                break;
            case 0xF3:
                algorithm = 0;
                keyRef = -1;
                break;
            default:
                throw IsoException.Of(StatusWords.FunctionNotSupported);
        }

        switch (c.P2)
        {
            case 0x00:
                var generation = algorithm is AlgorithmReference.GenerateEc or AlgorithmReference.GenerateRsa2048
                    || (algorithm == AlgorithmReference.GenerateRsa4096 && s.Profile.SupportsRsa4096);
                if (!generation) throw IsoException.Of(StatusWords.FunctionNotSupported);
                if (keyRef < 0) throw Invalid();
                break;
            case 0xB6:
                if (keyRef == -1) throw Invalid();
                if (algorithm == AlgorithmReference.RsaPkcs1 || (algorithm == AlgorithmReference.RsaPss && s.Profile.SupportsRsaPss))
                {
                    if (s.KeyAt(keyRef) is not RsaCardKey) throw Invalid();
                }
                else if (algorithm == AlgorithmReference.Ecdsa)
                {
                    if (s.KeyAt(keyRef) is not EcCardKey) throw Invalid();
                }
                else
                {
                    throw IsoException.Of(StatusWords.FunctionNotSupported);
                }
                break;
            case 0xB8:
                if (algorithm != AlgorithmReference.RsaPkcs1) throw IsoException.Of(StatusWords.FunctionNotSupported);
                if (keyRef == -1) throw Invalid();
                if (s.KeyAt(keyRef) is not RsaCardKey) throw Invalid();
                break;
            default:
                throw IsoException.Of(StatusWords.FunctionNotSupported);
        }

        s.Environment.Set(algorithm, keyRef);
        return Response.Success;
    }

    /// <summary>A tag whose value must be exactly one byte; returned as a signed Java byte.</summary>
    private static short OneByteValue(byte[] data, byte tag)
    {
        var pos = AppletTlv.FindTag(data, 0, (sbyte)data.Length, tag);
        if (pos < 0 || pos + 2 >= data.Length || data[pos + 1] != 0x01) throw Invalid();
        return (sbyte)data[pos + 2];
    }

    private static IsoException Invalid() => IsoException.Of(StatusWords.DataInvalid);
}
