using SharpSC.Cards.Drivers;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Pkcs15;

namespace SharpSC.Pkcs11.Tokens.Card;

/// <summary>What the driver says the card can do, in the engine's terms (for an honest mechanism list).</summary>
internal static class CardCapabilityMapping
{
    public static DeviceCapabilities From(CardCapabilities caps, Pkcs15.Card.Pkcs15Card card)
    {
        var sign = caps.Algorithms.SelectMany(a => a.Sign).ToHashSet();
        var signatures = new HashSet<CardSignature>();
        if (sign.Contains(SignatureAlgorithm.RsaPkcs1)) signatures.Add(CardSignature.RsaPkcs1);
        if (sign.Contains(SignatureAlgorithm.RsaPss)) signatures.Add(CardSignature.RsaPssPrehashed);
        if (sign.Contains(SignatureAlgorithm.RsaRaw)) signatures.Add(CardSignature.RsaRaw);
        if (sign.Contains(SignatureAlgorithm.Ecdsa)) signatures.Add(CardSignature.EcdsaPrehashed);
        else if (sign.Contains(SignatureAlgorithm.EcdsaSha1)) signatures.Add(CardSignature.EcdsaSha1OnCard);

        var rsaSizes = caps.Algorithms.Where(a => a.Algorithm == KeyAlgorithm.Rsa).Select(a => a.KeySizeBits).ToList();
        if (rsaSizes.Contains(0))
        {
            // "Any size" (generic driver): the sizes of the keys the card holds.
            rsaSizes = card.Objects<Pkcs15.Objects.PrivateKeyObject>(DirectoryKind.PrivateKeys)
                .Where(k => k.Algorithm == Pkcs15.Objects.KeyAlgorithm.Rsa).Select(k => k.ModulusLength ?? 0).Where(b => b > 0).ToList();
        }
        var ecSizes = caps.Algorithms.Where(a => a.Algorithm == KeyAlgorithm.Ec)
            .Select(a => a.Curve?.FieldBits ?? a.KeySizeBits).Where(b => b > 0).Distinct().ToList();

        return new DeviceCapabilities
        {
            Signatures = signatures,
            Decryptions = caps.Algorithms.Where(a => a.Algorithm == KeyAlgorithm.Rsa).SelectMany(a => a.Decipher)
                .Select(d => d == DecipherAlgorithm.RsaRaw ? CardDecryption.RsaRaw : CardDecryption.RsaPkcs1).ToHashSet(),
            KeyAgreement = caps.Algorithms.Any(a => a.Algorithm == KeyAlgorithm.Ec && a.KeyAgreement),
            RsaKeySizes = rsaSizes.Distinct().Order().ToList(),
            EcFieldSizes = ecSizes.Order().ToList(),
            Rng = caps.Has(CardFeatures.SecureRandom),
            KeyGeneration = caps.Has(CardFeatures.KeyGeneration) && !caps.IsReadOnly,
            KeyImport = caps.Has(CardFeatures.KeyImport) && !caps.IsReadOnly,
            // IsoApplet v0 (Signature.ALG_ECDSA_SHA) hashes the message as it arrives, across a
            // CLA 10 command chain, so the length is bounded only by what we are willing to send.
            MaxOnCardHashInput = 64 * 1024,
        };
    }
}
