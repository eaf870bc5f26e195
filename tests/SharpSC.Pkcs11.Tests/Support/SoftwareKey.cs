using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;

namespace SharpSC.Pkcs11.Tests.Support;

/// <summary>A key of the software card: the private half the "card" computes with, the public half the engine sees.</summary>
internal sealed class SoftwareKey
{
    private static readonly SecureRandom Random = new();

    public required byte[] Id { get; init; }
    public required string Label { get; init; }
    public required KeyKind Kind { get; init; }
    public required AsymmetricKeyParameter Private { get; init; }
    public required AsymmetricKeyParameter Public { get; init; }
    public required KeyMaterial Material { get; init; }
    public KeyUsage Usage { get; init; }
    public bool AlwaysAuthenticate { get; init; }

    /// <summary>Null: what the card's capabilities say for the key's kind.</summary>
    public KeyAbilities? Abilities { get; init; }

    public int Bits => Material.Bits;

    public static SoftwareKey Rsa(byte id, int bits = 2048, KeyUsage usage = KeyUsage.Sign | KeyUsage.Decrypt, KeyAbilities? abilities = null,
        bool alwaysAuthenticate = false)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), Random, bits, 80));
        var pair = generator.GenerateKeyPair();
        return new SoftwareKey
        {
            Id = [id],
            Label = $"RSA {id:X2}",
            Kind = KeyKind.Rsa,
            Private = pair.Private,
            Public = pair.Public,
            Material = KeyMaterialFactory.FromRsa((RsaKeyParameters)pair.Public),
            Usage = usage,
            Abilities = abilities,
            AlwaysAuthenticate = alwaysAuthenticate,
        };
    }

    public static SoftwareKey Ec(byte id, string curve = "P-256", KeyUsage usage = KeyUsage.Sign | KeyUsage.Derive, KeyAbilities? abilities = null,
        bool alwaysAuthenticate = false)
    {
        var x9 = ECNamedCurveTable.GetByName(curve);
        var oid = ECNamedCurveTable.GetOid(curve);
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(new ECNamedDomainParameters(oid, x9), Random));
        var pair = generator.GenerateKeyPair();
        return new SoftwareKey
        {
            Id = [id],
            Label = $"EC {id:X2}",
            Kind = KeyKind.Ec,
            Private = pair.Private,
            Public = pair.Public,
            Material = KeyMaterialFactory.FromSubjectPublicKeyInfo(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public)),
            Usage = usage,
            Abilities = abilities,
            AlwaysAuthenticate = alwaysAuthenticate,
        };
    }

    public static SoftwareKey Ed25519(byte id, byte[]? seed = null)
    {
        var key = seed == null ? new Ed25519PrivateKeyParameters(Random) : new Ed25519PrivateKeyParameters(seed);
        return Curve25519(id, KeyKind.EcEdwards, key, key.GeneratePublicKey(), key.GeneratePublicKey().GetEncoded(), KeyUsage.Sign);
    }

    public static SoftwareKey X25519(byte id, byte[]? scalar = null)
    {
        var key = scalar == null ? new X25519PrivateKeyParameters(Random) : new X25519PrivateKeyParameters(scalar);
        return Curve25519(id, KeyKind.EcMontgomery, key, key.GeneratePublicKey(), key.GeneratePublicKey().GetEncoded(), KeyUsage.Derive);
    }

    private static SoftwareKey Curve25519(byte id, KeyKind kind, AsymmetricKeyParameter key, AsymmetricKeyParameter pub, byte[] encoded, KeyUsage usage) => new()
    {
        Id = [id],
        Label = $"{kind} {id:X2}",
        Kind = kind,
        Private = key,
        Public = pub,
        Material = KeyMaterialFactory.FromCurve25519(kind, encoded),
        Usage = usage,
    };
}
