using CsCheck;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Operations;
using static SharpSC.Pkcs11.Constants.CKG;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Tests.Support.EngineHarness;

namespace SharpSC.Pkcs11.Tests.Operations;

/// <summary>The host-side RSA encodings against BouncyCastle's, and the decoders' single failure code.</summary>
public sealed class RsaEncodingTests
{
    private static readonly SecureRandom Random = new();
    private static readonly AsymmetricCipherKeyPair Key1024 = Generate(1024);

    private static AsymmetricCipherKeyPair Generate(int bits)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), Random, bits, 80));
        return generator.GenerateKeyPair();
    }

    /// <summary>What a raw-RSA card answers: the whole block, modulus-length.</summary>
    private static byte[] RawDecrypt(AsymmetricCipherKeyPair key, byte[] ciphertext)
    {
        var engine = new RsaEngine();
        engine.Init(false, key.Private);
        var m = engine.ProcessBlock(ciphertext, 0, ciphertext.Length);
        var k = (((RsaKeyParameters)key.Public).Modulus.BitLength + 7) / 8;
        return [.. new byte[k - m.Length], .. m];
    }

    [Fact]
    public void Pkcs1_type2_blocks_made_by_bouncycastle_decode_to_their_message()
    {
        Gen.Byte.Array[0, 117].Sample(message =>
        {
            var cipher = new Pkcs1Encoding(new RsaEngine());
            cipher.Init(true, new ParametersWithRandom(Key1024.Public, Random));
            var block = RawDecrypt(Key1024, cipher.ProcessBlock(message, 0, message.Length));
            Assert.Equal(message, RsaEncoding.RemovePkcs1Type2(block));
        }, iter: 200);
    }

    [Theory]
    [InlineData(0, 0x01)] // leading byte not zero
    [InlineData(1, 0x01)] // block type 1, not 2
    [InlineData(5, 0x00)] // a zero inside the first 8 padding bytes
    [InlineData(9, 0x00)] // the separator one byte too early: 7 padding bytes
    public void Every_defect_of_a_type2_block_is_encrypted_data_invalid(int index, byte value)
    {
        var block = new byte[128];
        block[1] = 0x02;
        block.AsSpan(2, 100).Fill(0x5A);
        block[102] = 0x00;
        Assert.Equal(25, RsaEncoding.RemovePkcs1Type2(block).Length);
        block[index] = value;
        Assert.Equal(CKR_ENCRYPTED_DATA_INVALID, Rv(() => RsaEncoding.RemovePkcs1Type2(block)));
    }

    [Fact]
    public void A_type2_block_without_a_separator_is_encrypted_data_invalid()
    {
        var block = new byte[128];
        block[1] = 0x02;
        block.AsSpan(2).Fill(0x77);
        Assert.Equal(CKR_ENCRYPTED_DATA_INVALID, Rv(() => RsaEncoding.RemovePkcs1Type2(block)));
        Assert.Equal(CKR_ENCRYPTED_DATA_INVALID, Rv(() => RsaEncoding.RemovePkcs1Type2(new byte[10])));
    }

    [Theory]
    [InlineData(CKM_SHA_1, CKM_SHA_1)]
    [InlineData(CKM_SHA256, CKM_SHA_1)]
    [InlineData(CKM_SHA224, CKM_SHA384)]
    public void Oaep_blocks_made_by_bouncycastle_decode_and_any_changed_byte_fails(ulong hash, ulong mgfHash)
    {
        var label = "label"u8.ToArray();
        var message = "OAEP message"u8.ToArray();
        var cipher = new OaepEncoding(new RsaEngine(), Digests.Create(hash), Digests.Create(mgfHash), label);
        cipher.Init(true, new ParametersWithRandom(Key1024.Public, Random));
        var block = RawDecrypt(Key1024, cipher.ProcessBlock(message, 0, message.Length));
        Assert.Equal(message, RsaEncoding.RemoveOaep(block, hash, mgfHash, label));
        Assert.Equal(CKR_ENCRYPTED_DATA_INVALID, Rv(() => RsaEncoding.RemoveOaep(block, hash, mgfHash, [])));
        for (var i = 0; i < block.Length; i += 7)
        {
            var tampered = (byte[])block.Clone();
            tampered[i] ^= 0x80;
            Assert.Equal(CKR_ENCRYPTED_DATA_INVALID, Rv(() => RsaEncoding.RemoveOaep(tampered, hash, mgfHash, label)));
        }
    }

    [Fact]
    public void Pss_encoding_verifies_with_bouncycastle_also_when_the_modulus_bits_leave_a_zero_byte()
    {
        // 1025 bits: emBits = 1024, emLen = 128 bytes in a 129-byte block (RFC 8017 §9.1.1 with emBits = modBits - 1).
        foreach (var key in new[] { Key1024, Generate(1025) })
        {
            var modulus = ((RsaKeyParameters)key.Public).Modulus;
            var mHash = Digests.Hash(CKM_SHA256, "pss"u8);
            var block = RsaEncoding.Pss(mHash, modulus.BitLength, new PssParameters(CKM_SHA256, CKG_MGF1_SHA1, 17), Random);
            Assert.Equal((modulus.BitLength + 7) / 8, block.Length);
            var engine = new RsaEngine();
            engine.Init(true, key.Private);
            var signature = engine.ProcessBlock(block, 0, block.Length);
            var verifier = PssSigner.CreateRawSigner(new RsaEngine(), new Sha256Digest(), new Sha1Digest(), 17, PssSigner.TrailerImplicit);
            verifier.Init(false, key.Public);
            verifier.BlockUpdate(mHash, 0, mHash.Length);
            Assert.True(verifier.VerifySignature(signature));
        }
    }

    [Fact]
    public void Pkcs1_type1_is_ff_padding_of_at_least_eight_bytes()
    {
        var block = RsaEncoding.Pkcs1Type1([1, 2, 3], 16);
        Assert.Equal(Convert.FromHexString("0001FFFFFFFFFFFFFFFFFFFF00010203"), block);
        Assert.Equal(CKR_DATA_LEN_RANGE, Rv(() => RsaEncoding.Pkcs1Type1(new byte[6], 16)));
    }
}
