using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>An X25519 key (RFC 7748) for ECDH: the host sends its 32-byte public value, the card answers the shared secret.</summary>
internal sealed class X25519KeyPair(X25519PrivateKeyParameters key) : PgpKeyPair
{
    public X25519PrivateKeyParameters Key { get; } = key;

    public override AsymmetricKeyParameter PrivateKey => Key;

    public static X25519KeyPair Generate() => new(new X25519PrivateKeyParameters(CardRandom.Instance));

    /// <summary>
    /// Key import: GnuPG sends the Curve25519 secret as an OpenPGP MPI, big-endian (the reverse of RFC 7748's
    /// little-endian scalar), as Gnuk reads it too; leading zero bytes it stripped are put back.
    /// </summary>
    public static X25519KeyPair FromBigEndianScalar(byte[] scalar, byte[]? publicKey)
    {
        if (scalar.Length is 0 or > 32) throw IsoException.Of(StatusWords.WrongData);
        var native = new byte[32];
        for (var i = 0; i < scalar.Length; i++) native[i] = scalar[scalar.Length - 1 - i];
        var pair = new X25519KeyPair(new X25519PrivateKeyParameters(native));
        if (publicKey != null && !publicKey.AsSpan().SequenceEqual(pair.Key.GeneratePublicKey().GetEncoded())) throw IsoException.Of(StatusWords.WrongData);
        return pair;
    }

    public override byte[] PublicKeyTemplate() =>
        PgpTlv.Encode(PgpSpec.Tag.PublicKey, PgpTlv.Encode(0x86, Key.GeneratePublicKey().GetEncoded()));

    public override byte[] Sign(byte[] input) => throw IsoException.Of(StatusWords.ConditionsNotSatisfied);

    public override byte[] Decipher(byte[] input)
    {
        if (input.Length != 32) throw IsoException.Of(StatusWords.WrongData);
        var secret = new byte[32];
        try
        {
            Key.GenerateSecret(new X25519PublicKeyParameters(input), secret, 0);
        }
        catch (InvalidOperationException)
        {
            // An all-zero result (a small-order public value, RFC 7748 §6.1).
            throw IsoException.Of(StatusWords.WrongData);
        }
        return secret;
    }
}
