using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>A private key in one of the three slots, with what the card computes with it. Never leaves the card.</summary>
internal abstract class PgpKeyPair
{
    public abstract AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The public key data object 7F49 (§7.2.14): RSA 81 n, 82 e; ECC 86 point.</summary>
    public abstract byte[] PublicKeyTemplate();

    /// <summary>PSO:COMPUTE DIGITAL SIGNATURE and INTERNAL AUTHENTICATE (§7.2.10, §7.2.13).</summary>
    public abstract byte[] Sign(byte[] input);

    /// <summary>PSO:DECIPHER (§7.2.11): <paramref name="input"/> without its padding indicator / as the cipher DO's point.</summary>
    public virtual byte[] Decipher(byte[] input) => throw Iso.IsoException.Of(Iso.StatusWords.ConditionsNotSatisfied);

    /// <summary>True when the key deciphers RSA cryptograms (padding indicator 00) rather than agreeing ECDH secrets.</summary>
    public virtual bool IsRsa => false;

    /// <summary>PKCS#8 PrivateKeyInfo, for the state file only.</summary>
    public byte[] ToPkcs8() => PrivateKeyInfoFactory.CreatePrivateKeyInfo(PrivateKey).GetDerEncoded();

    /// <summary>Restores a key from the state file; the attributes say which kind it must be.</summary>
    public static PgpKeyPair FromPkcs8(byte[] der, AlgorithmAttributes attributes) => PrivateKeyFactory.CreateKey(der) switch
    {
        RsaPrivateCrtKeyParameters rsa when attributes.IsRsa => new RsaKeyPair(rsa),
        ECPrivateKeyParameters ec when attributes.Curve is { IsWeierstrass: true } c => new EcKeyPair(ec, c),
        Ed25519PrivateKeyParameters ed when attributes.Curve is { IsEd25519: true } => new Ed25519KeyPair(ed),
        X25519PrivateKeyParameters x when attributes.Curve is { IsX25519: true } => new X25519KeyPair(x),
        var other => throw new InvalidDataException($"state file key of type {other.GetType().Name} does not match its attributes"),
    };
}
