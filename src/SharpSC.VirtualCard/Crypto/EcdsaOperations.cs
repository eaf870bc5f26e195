using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace SharpSC.VirtualCard.Crypto;

/// <summary>ECDSA with a random nonce; the signature is a DER ECDSA-Sig-Value (SEQUENCE of r and s).</summary>
internal static class EcdsaOperations
{
    /// <summary>Signs a hash (truncated to the order's length as ECDSA specifies, SEC 1 §4.1.3).</summary>
    public static byte[] SignHash(EcCardKey key, ReadOnlySpan<byte> hash)
    {
        var signer = new ECDsaSigner();
        signer.Init(true, new ParametersWithRandom(key.Key, CardRandom.Instance));
        var rs = signer.GenerateSignature(hash.ToArray());
        return new DerSequence(new DerInteger(rs[0]), new DerInteger(rs[1])).GetDerEncoded();
    }
}
