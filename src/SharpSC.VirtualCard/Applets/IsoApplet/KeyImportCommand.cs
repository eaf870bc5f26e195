using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>
/// PUT DATA 00 DB 3F FF: private key import into the slot of MSE SET 41 00 (the fixtures' applets were
/// built with DEF_PRIVATE_KEY_IMPORT_ALLOWED). RSA-2048: 7F48 {92 p, 93 q, 94 qinv, 95 dp, 96 dq};
/// EC: E0 {81..87 curve, 88 private value}.
/// </summary>
internal sealed class KeyImportCommand(AppletState s)
{
    private const int Rsa2048ComponentBytes = 128;

    public Response Process(CommandApdu c)
    {
        if (!s.Pin.IsValidated) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        if (c.P1 != 0x3F || c.P2 != 0xFF) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var algorithm = s.Environment.Algorithm;
        if (s.Profile.IsLegacy && algorithm is not (AlgorithmReference.GenerateRsa2048 or AlgorithmReference.GenerateEc))
            throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        if (LargeOutput.Receive(s, c) is not { } length) return Response.Success;
        var buf = s.Ram.Bytes;
        switch (algorithm)
        {
            case AlgorithmReference.GenerateRsa2048:
                if (length < 2 || buf[0] != 0x7F || buf[1] != 0x48) throw IsoException.Of(StatusWords.WrongData);
                var (rsaOffset, rsaLength) = Template(buf, 2, length);
                Store(ImportRsa(buf, rsaOffset, rsaLength));
                break;
            case AlgorithmReference.GenerateEc:
                if (length < 1 || buf[0] != 0xE0) throw IsoException.Of(StatusWords.WrongData);
                var (ecOffset, ecLength) = Template(buf, 1, length);
                Store(ImportEc(buf, ecOffset, ecLength));
                break;
            default:
                throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        }
        Array.Clear(buf, 0, length);
        return Response.Success;
    }

    private void Store(CardKey key)
    {
        var slot = s.Environment.KeyReference;
        if (slot is < 0 or >= AppletState.KeySlots)
            throw new AppletFaultException($"key reference {slot} outside the key array (ArrayIndexOutOfBoundsException)");
        s.StoreKey(slot, key);
    }

    // The outer length must cover exactly the rest of the data and the inner TLVs must be consistent.
    private static (int Offset, int Length) Template(byte[] buf, int lengthOffset, int total)
    {
        if (!AppletTlv.TryDecodeLength(buf, lengthOffset, out var len)) throw Invalid();
        var offset = lengthOffset + AppletTlv.LengthFieldSize(len);
        if (len != total - offset || !AppletTlv.IsConsistent(buf, offset, len)) throw Invalid();
        return (offset, len);
    }

    private static RsaCardKey ImportRsa(byte[] buf, int offset, int length)
    {
        var p = Component(buf, offset, length, 0x92);
        var q = Component(buf, offset, length, 0x93);
        var qInv = Component(buf, offset, length, 0x94);
        var dp = Component(buf, offset, length, 0x95);
        var dq = Component(buf, offset, length, 0x96);
        // The card keeps only the CRT values; the public and private exponents are derived so that the
        // software engine can work with them. Values that cannot form a key are refused (6984).
        try
        {
            var n = p.Multiply(q);
            var e = dp.ModInverse(p.Subtract(BigInteger.One));
            var lambda = p.Subtract(BigInteger.One).Multiply(q.Subtract(BigInteger.One))
                .Divide(p.Subtract(BigInteger.One).Gcd(q.Subtract(BigInteger.One)));
            var d = e.ModInverse(lambda);
            if (n.BitLength is < 2041 or > 2048 || !qInv.Multiply(q).Mod(p).Equals(BigInteger.One)) throw Invalid();
            return new RsaCardKey(new RsaPrivateCrtKeyParameters(n, e, d, p, q, dp, dq, qInv));
        }
        catch (ArithmeticException)
        {
            throw Invalid();
        }
    }

    private static BigInteger Component(byte[] buf, int offset, int length, byte tag)
    {
        if (!AppletTlv.TryGetValue(buf, offset, length, tag, out var o, out var l)) throw Invalid();
        if (l > Rsa2048ComponentBytes) throw new AppletFaultException($"RSA component {tag:X2} of {l} bytes (CryptoException)");
        return new BigInteger(1, buf, o, l);
    }

    private static EcCardKey ImportEc(byte[] buf, int offset, int length)
    {
        var fieldBits = EcCurve.FieldBitsOf(buf, offset, length);
        var curve = EcCurve.Parse(buf, offset, length, fieldBits);
        if (!AppletTlv.TryGetValue(buf, offset, length, 0x88, out var o, out var l)) throw Invalid();
        if (l > curve.FieldBytes + 1) throw new AppletFaultException($"EC private value of {l} bytes (CryptoException)");
        var d = new BigInteger(1, buf, o, l);
        if (d.SignValue == 0 || d.CompareTo(curve.Domain.N) >= 0) throw Invalid();
        return new EcCardKey(new ECPrivateKeyParameters("EC", d, curve.Domain), curve);
    }

    private static IsoException Invalid() => IsoException.Of(StatusWords.DataInvalid);
}
