using System.Security.Cryptography;
using Org.BouncyCastle.Security;
using SharpSC.Pkcs11.Mechanisms;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>
/// The RSA encodings the host does for cards that compute raw RSA (RFC 8017): EMSA-PKCS1-v1_5 and
/// EMSA-PSS for signatures, and the removal of EME-PKCS1-v1_5 and EME-OAEP padding after a raw decryption.
/// The decoders run in constant time over the block and fail with one code, CKR_ENCRYPTED_DATA_INVALID,
/// whatever was wrong, so the answer is no padding oracle beyond what PKCS#11 itself requires.
/// </summary>
internal static class RsaEncoding
{
    /// <summary>RFC 8017 §9.2 step 5 (and §7.2.1 for CKM_RSA_PKCS data): 00 01 FF…FF 00 ‖ T, at least 8 bytes of FF.</summary>
    public static byte[] Pkcs1Type1(ReadOnlySpan<byte> t, int k)
    {
        if (t.Length > k - 11)
            throw new Pkcs11Exception(CKR_DATA_LEN_RANGE, $"at most {k - 11} bytes can be signed with PKCS#1 v1.5 by a {k * 8}-bit key");
        var em = new byte[k];
        em[1] = 0x01;
        em.AsSpan(2, k - t.Length - 3).Fill(0xFF);
        t.CopyTo(em.AsSpan(k - t.Length));
        return em;
    }

    /// <summary>The largest PSS salt a key of <paramref name="modulusBits"/> takes with this hash (RFC 8017 §9.1.1: emLen ≥ hLen + sLen + 2).</summary>
    public static int MaxPssSalt(int modulusBits, ulong hash) => Math.Max((modulusBits + 6) / 8 - Digests.Length(hash) - 2, -1);

    /// <summary>
    /// RFC 8017 §9.1.1 EMSA-PSS-ENCODE of a message hash, with emBits = modBits - 1, as the modulus-length
    /// block the card exponentiates (a leading zero byte when emLen is one byte shorter than the modulus).
    /// </summary>
    public static byte[] Pss(ReadOnlySpan<byte> mHash, int modulusBits, PssParameters p, SecureRandom random)
    {
        var hLen = Digests.Length(p.HashAlgorithm);
        if (mHash.Length != hLen)
            throw new Pkcs11Exception(CKR_DATA_LEN_RANGE, $"RSA-PSS input must be the {hLen}-byte hash");
        var sLen = (int)p.SaltLength;
        var emBits = modulusBits - 1;
        var emLen = (emBits + 7) / 8;
        var k = (modulusBits + 7) / 8;
        if (emLen < hLen + sLen + 2)
            throw new Pkcs11Exception(CKR_MECHANISM_PARAM_INVALID, $"a salt of {sLen} bytes does not fit a {modulusBits}-bit key");

        var salt = new byte[sLen];
        random.NextBytes(salt);
        var mPrime = new byte[8 + hLen + sLen];
        mHash.CopyTo(mPrime.AsSpan(8));
        salt.CopyTo(mPrime, 8 + hLen);
        var h = Digests.Hash(p.HashAlgorithm, mPrime);

        var dbLength = emLen - hLen - 1;
        var db = new byte[dbLength];
        db[dbLength - sLen - 1] = 0x01;
        salt.CopyTo(db, dbLength - sLen);
        Xor(db, Mgf1(Digests.HashForMgf1(p.Mgf), h, dbLength));
        db[0] &= (byte)(0xFF >> (8 * emLen - emBits));

        var block = new byte[k];
        var em = block.AsSpan(k - emLen);
        db.CopyTo(em);
        h.CopyTo(em[dbLength..]);
        em[^1] = 0xBC;
        return block;
    }

    /// <summary>
    /// RFC 8017 §7.2.2 step 3: EM = 00 02 PS 00 M with PS at least 8 non-zero bytes. Constant time over the
    /// block; any defect is CKR_ENCRYPTED_DATA_INVALID.
    /// </summary>
    public static byte[] RemovePkcs1Type2(ReadOnlySpan<byte> em)
    {
        if (em.Length < 11) throw Invalid();
        var good = IsZero(em[0]) & Equal(em[1], 0x02);
        var lookingForSeparator = -1;
        var separator = 0;
        for (var i = 2; i < em.Length; i++)
        {
            var zero = IsZero(em[i]);
            separator = Select(lookingForSeparator & zero, i, separator);
            lookingForSeparator &= ~zero;
        }
        good &= ~lookingForSeparator;
        good &= AtLeast(separator, 10);
        if (good == 0) throw Invalid();
        return em[(separator + 1)..].ToArray();
    }

    /// <summary>
    /// RFC 8017 §7.1.2 step 3, EME-OAEP decoding with the label <paramref name="label"/>. Constant time over
    /// the block; any defect is CKR_ENCRYPTED_DATA_INVALID.
    /// </summary>
    public static byte[] RemoveOaep(ReadOnlySpan<byte> em, ulong hash, ulong mgfHash, ReadOnlySpan<byte> label)
    {
        var hLen = Digests.Length(hash);
        var k = em.Length;
        if (k < 2 * hLen + 2) throw Invalid();
        var lHash = Digests.Hash(hash, label);
        var maskedSeed = em.Slice(1, hLen);
        var maskedDb = em[(1 + hLen)..];
        var seed = Mgf1(mgfHash, maskedDb, hLen);
        Xor(seed, maskedSeed);
        var db = Mgf1(mgfHash, seed, k - hLen - 1);
        Xor(db, maskedDb);
        try
        {
            var good = IsZero(em[0]) & (CryptographicOperations.FixedTimeEquals(db.AsSpan(0, hLen), lHash) ? -1 : 0);
            var lookingForOne = -1;
            var invalidPadding = 0;
            var separator = 0;
            for (var i = hLen; i < db.Length; i++)
            {
                var zero = IsZero(db[i]);
                var one = Equal(db[i], 0x01);
                separator = Select(lookingForOne & one, i, separator);
                invalidPadding |= lookingForOne & ~zero & ~one;
                lookingForOne &= zero;
            }
            good &= ~lookingForOne & ~invalidPadding;
            if (good == 0) throw Invalid();
            return db[(separator + 1)..];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(db);
        }
    }

    /// <summary>RFC 8017 §B.2.1 MGF1.</summary>
    public static byte[] Mgf1(ulong hash, ReadOnlySpan<byte> seed, int length)
    {
        var digest = Digests.Create(hash);
        var hLen = digest.GetDigestSize();
        var output = new byte[length];
        var block = new byte[hLen];
        Span<byte> counter = stackalloc byte[4];
        for (uint c = 0, done = 0; done < length; c++, done += (uint)hLen)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(counter, c);
            digest.BlockUpdate(seed);
            digest.BlockUpdate(counter);
            digest.DoFinal(block);
            block.AsSpan(0, Math.Min(hLen, length - (int)done)).CopyTo(output.AsSpan((int)done));
        }
        return output;
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> mask)
    {
        for (var i = 0; i < target.Length; i++) target[i] ^= mask[i];
    }

    // Masks: -1 for true, 0 for false, computed without branches on the data.
    private static int IsZero(int b) => ~((b | -b) >> 31);

    private static int Equal(int a, int b) => IsZero(a ^ b);

    private static int AtLeast(int a, int b) => ~((a - b) >> 31);

    private static int Select(int mask, int a, int b) => (a & mask) | (b & ~mask);

    private static Pkcs11Exception Invalid() => new(CKR_ENCRYPTED_DATA_INVALID, "the decrypted block is not correctly padded");
}
