using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>An Ed25519 key: PureEdDSA (RFC 8032) over what the host sends, R || S.</summary>
internal sealed class Ed25519KeyPair(Ed25519PrivateKeyParameters key) : PgpKeyPair
{
    public Ed25519PrivateKeyParameters Key { get; } = key;

    public override AsymmetricKeyParameter PrivateKey => Key;

    public static Ed25519KeyPair Generate() => new(new Ed25519PrivateKeyParameters(CardRandom.Instance));

    /// <summary>Key import: the 32-byte seed (GnuPG strips leading zero bytes; they are put back).</summary>
    public static Ed25519KeyPair FromSeed(byte[] seed, byte[]? publicKey)
    {
        if (seed.Length is 0 or > 32) throw IsoException.Of(StatusWords.WrongData);
        var full = new byte[32];
        seed.CopyTo(full, 32 - seed.Length);
        var pair = new Ed25519KeyPair(new Ed25519PrivateKeyParameters(full));
        if (publicKey != null && !publicKey.AsSpan().SequenceEqual(pair.Key.GeneratePublicKey().GetEncoded())) throw IsoException.Of(StatusWords.WrongData);
        return pair;
    }

    public override byte[] PublicKeyTemplate() =>
        PgpTlv.Encode(PgpSpec.Tag.PublicKey, PgpTlv.Encode(0x86, Key.GeneratePublicKey().GetEncoded()));

    public override byte[] Sign(byte[] input)
    {
        if (input.Length == 0) throw IsoException.Of(StatusWords.WrongLength);
        var signature = new byte[64];
        Key.Sign(Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null, input, 0, input.Length, signature, 0);
        return signature;
    }
}
