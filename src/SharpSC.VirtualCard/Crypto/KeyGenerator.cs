using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace SharpSC.VirtualCard.Crypto;

/// <summary>On-card key pair generation: RSA with e = 65537, EC on the given curve.</summary>
internal static class KeyGenerator
{
    public static readonly BigInteger PublicExponent = BigInteger.ValueOf(65537);

    public static (RsaCardKey Private, RsaKeyParameters Public) GenerateRsa(int bits)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(PublicExponent, CardRandom.Instance, bits, 100));
        var pair = generator.GenerateKeyPair();
        return (new RsaCardKey((RsaPrivateCrtKeyParameters)pair.Private), (RsaKeyParameters)pair.Public);
    }

    public static (EcCardKey Private, ECPublicKeyParameters Public) GenerateEc(EcCurve curve)
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(curve.Domain, CardRandom.Instance));
        var pair = generator.GenerateKeyPair();
        return (new EcCardKey((ECPrivateKeyParameters)pair.Private, curve), (ECPublicKeyParameters)pair.Public);
    }
}
