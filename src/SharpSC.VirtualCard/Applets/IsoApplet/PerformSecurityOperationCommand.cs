using Org.BouncyCastle.Crypto.Digests;
using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>
/// PERFORM SECURITY OPERATION (ISO 7816-8 §5.2): 2A 9E 9A COMPUTE DIGITAL SIGNATURE and 2A 80 86
/// DECIPHER, with the key and algorithm chosen by the last MSE SET.
/// </summary>
internal sealed class PerformSecurityOperationCommand(AppletState s)
{
    /// <summary>RSA PKCS#1 input limit of the applet (it tests Lc > 247 before padding).</summary>
    private const int Pkcs1InputLimit2048 = 247;

    public Response Process(CommandApdu c)
    {
        if (!s.Pin.IsValidated) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        return (c.P1, c.P2) switch
        {
            (0x9E, 0x9A) => s.Profile.IsLegacy ? SignV0(c) : SignV1(c),
            (0x80, 0x86) => Decipher(c),
            _ => throw IsoException.Of(StatusWords.IncorrectP1P2),
        };
    }

    private Response SignV0(CommandApdu c)
    {
        switch (s.Environment.Algorithm)
        {
            case AlgorithmReference.RsaPkcs1:
                var key = RsaKey();
                if (c.Lc > Pkcs1InputLimit2048) throw IsoException.Of(StatusWords.WrongLength);
                return WithinLe(c, RsaOperations.SignPkcs1(key, c.Data));

            case AlgorithmReference.Ecdsa:
                // Signature.ALG_ECDSA_SHA: the card hashes the message with SHA-1, across a CLA 10 chain if needed.
                var ecKey = EcKey();
                if (s.Ram.CurrentPosition == 0)
                {
                    s.EcdsaChainDigest = new Sha1Digest();
                    if (ClassByte.IsChaining(c.Cla)) s.Ram.CurrentPosition = 1;
                }
                var digest = s.EcdsaChainDigest ?? throw new AppletFaultException("ECDSA update without init (CryptoException)");
                digest.BlockUpdate(c.Data, 0, c.Lc);
                if (ClassByte.IsChaining(c.Cla))
                {
                    s.Ram.CurrentPosition++;
                    return Response.Success;
                }
                var hash = new byte[digest.GetDigestSize()];
                digest.DoFinal(hash, 0);
                s.EcdsaChainDigest = null;
                s.Ram.CurrentPosition = 0;
                return Response.Ok(EcdsaOperations.SignHash(ecKey, hash));

            default:
                throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        }
    }

    private Response SignV1(CommandApdu c)
    {
        switch (s.Environment.Algorithm)
        {
            case AlgorithmReference.RsaPkcs1:
            case AlgorithmReference.RsaPss:
                var length = s.Ram.ReceiveAll(c);
                var input = s.Ram.Bytes.AsSpan(0, length);
                var key = RsaKey();
                byte[] signature;
                if (s.Environment.Algorithm == AlgorithmReference.RsaPkcs1)
                {
                    if (length > key.ModulusBytes - (256 - Pkcs1InputLimit2048)) throw IsoException.Of(StatusWords.WrongLength);
                    signature = RsaOperations.SignPkcs1(key, input);
                }
                else
                {
                    signature = RsaOperations.SignPssPrehashed(key, input) ?? throw IsoException.Of(StatusWords.WrongLength);
                }
                return WithinLe(c, signature);

            case AlgorithmReference.Ecdsa:
                // Signature with MessageDigest.ALG_NULL: the data field is the hash computed by the host.
                return Response.Ok(EcdsaOperations.SignHash(EcKey(), c.Data));

            default:
                throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        }
    }

    /// <summary>PKCS#1 v1.5 decryption of "00 || ciphertext" (the 00 is the padding indicator byte).</summary>
    private Response Decipher(CommandApdu c)
    {
        if (LargeOutput.Receive(s, c) is not { } length) return Response.Success;
        if (s.Ram.Bytes[0] != 0x00) throw IsoException.Of(StatusWords.WrongData);
        if (s.Environment.Algorithm != AlgorithmReference.RsaPkcs1) throw IsoException.Of(StatusWords.FunctionNotSupported);
        var key = RsaKey();
        if (length - 1 != key.ModulusBytes) throw IsoException.Of(StatusWords.WrongLength);
        var plain = RsaOperations.DecryptPkcs1(key, s.Ram.Bytes.AsSpan(1, length - 1)) ?? throw IsoException.Of(StatusWords.WrongData);
        return Response.Ok(plain);
    }

    // The RSA signature is only sent when Le announces room for it; otherwise 6C00 (no length hint).
    private static Response WithinLe(CommandApdu c, byte[] signature) =>
        c.Ne < signature.Length ? Response.Status(StatusWords.CorrectLength) : Response.Ok(signature);

    private RsaCardKey RsaKey() => s.KeyAt(s.Environment.KeyReference) as RsaCardKey
        ?? throw new AppletFaultException("the referenced key is not an RSA key (ClassCastException)");

    private EcCardKey EcKey() => s.KeyAt(s.Environment.KeyReference) as EcCardKey
        ?? throw new AppletFaultException("the referenced key is not an EC key (ClassCastException)");
}
