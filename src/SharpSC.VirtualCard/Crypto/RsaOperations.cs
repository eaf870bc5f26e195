using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Signers;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Crypto;

/// <summary>RSA private-key operations the applet offers (Cipher.ALG_RSA_PKCS1, Signature ..._PKCS1_PSS).</summary>
internal static class RsaOperations
{
    /// <summary>
    /// PKCS#1 v1.5 signature padding (block type 01) over the host's DigestInfo, then the private-key
    /// operation. Input too long for the padding is a CryptoException the applet does not catch (6F00).
    /// </summary>
    public static byte[] SignPkcs1(RsaCardKey key, ReadOnlySpan<byte> digestInfo)
    {
        if (digestInfo.Length > key.ModulusBytes - 11)
            throw new AppletFaultException($"PKCS#1 input of {digestInfo.Length} bytes does not fit a {key.SizeBits}-bit key (CryptoException)");
        var cipher = new Pkcs1Encoding(new RsaBlindedEngine());
        cipher.Init(true, key.Key);
        return LeftPad(cipher.ProcessBlock(digestInfo.ToArray(), 0, digestInfo.Length), key.ModulusBytes);
    }

    /// <summary>PKCS#1 v1.5 decryption (block type 02); null when the padding is wrong.</summary>
    public static byte[]? DecryptPkcs1(RsaCardKey key, ReadOnlySpan<byte> ciphertext)
    {
        var cipher = new Pkcs1Encoding(new RsaBlindedEngine());
        cipher.Init(false, key.Key);
        try
        {
            return cipher.ProcessBlock(ciphertext.ToArray(), 0, ciphertext.Length);
        }
        catch (InvalidCipherTextException)
        {
            return null;
        }
        catch (DataLengthException)
        {
            return null;
        }
    }

    /// <summary>
    /// RSASSA-PSS over a hash computed by the host (Signature.signPreComputedHash): the hash length picks
    /// SHA-1/224/256/384/512, MGF1 uses the same hash and the salt is as long as the hash.
    /// Returns null for any other length (the applet answers 6700).
    /// </summary>
    public static byte[]? SignPssPrehashed(RsaCardKey key, ReadOnlySpan<byte> hash)
    {
        IDigest? digest = hash.Length switch
        {
            20 => new Sha1Digest(),
            28 => new Sha224Digest(),
            32 => new Sha256Digest(),
            48 => new Sha384Digest(),
            64 => new Sha512Digest(),
            _ => null,
        };
        if (digest == null) return null;
        var signer = PssSigner.CreateRawSigner(new RsaBlindedEngine(), digest);
        signer.Init(true, new Org.BouncyCastle.Crypto.Parameters.ParametersWithRandom(key.Key, CardRandom.Instance));
        signer.BlockUpdate(hash.ToArray(), 0, hash.Length);
        return LeftPad(signer.GenerateSignature(), key.ModulusBytes);
    }

    private static byte[] LeftPad(byte[] value, int length)
    {
        if (value.Length >= length) return value;
        var r = new byte[length];
        value.CopyTo(r, length - value.Length);
        return r;
    }
}
