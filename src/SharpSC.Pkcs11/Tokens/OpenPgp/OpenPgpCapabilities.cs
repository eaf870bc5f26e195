using SharpSC.Cards.Drivers.OpenPgp;

namespace SharpSC.Pkcs11.Tokens.OpenPgp;

/// <summary>
/// What an OpenPGP card can do, for an honest mechanism list: the algorithms of its three keys now, and, when its
/// extended capabilities say the algorithm attributes can change, what the OpenPGP card 3.4 specification defines
/// and this token drives (RSA 2048/3072/4096, NIST P-256/384/521, Ed25519, X25519). Which of those the card really
/// takes is its algorithm information (DO FA), read when a key is generated, not here: opening the token reads
/// nothing but 6E and 65.
/// </summary>
internal static class OpenPgpCapabilities
{
    public static readonly int[] RsaSizes = [2048, 3072, 4096];
    public static readonly int[] EcSizes = [256, 384, 521];

    public static DeviceCapabilities Of(ApplicationRelatedData data)
    {
        var caps = data.ExtendedCapabilities;
        var changeable = caps.AlgorithmAttributesChangeable;
        var current = OpenPgpKeyRefs.All.Select(data.AttributesOf).Where(a => OpenPgpTokenObjects.KindOf(a) != null).ToList();

        var rsa = current.Where(a => a.IsRsa).Select(a => a.ModulusBits).Concat(changeable ? RsaSizes : []).Distinct().Order().ToList();
        var ec = current.Where(a => a.Curve?.Kind == OpenPgpCurveKind.Weierstrass).Select(a => a.Curve!.FieldBits)
            .Concat(changeable ? EcSizes : []).Distinct().Order().ToList();
        var ed25519 = changeable || current.Any(a => a.Algorithm == OpenPgpAlgorithm.EdDsa);
        var x25519 = changeable || current.Any(a => a.Curve?.Kind == OpenPgpCurveKind.X25519);

        var signatures = new HashSet<CardSignature>();
        if (rsa.Count > 0) signatures.Add(CardSignature.RsaPkcs1);
        if (ec.Count > 0) signatures.Add(CardSignature.EcdsaPrehashed);
        if (ed25519) signatures.Add(CardSignature.EdDsa);
        return new DeviceCapabilities
        {
            Signatures = signatures,
            Decryptions = rsa.Count > 0 ? new HashSet<CardDecryption> { CardDecryption.RsaPkcs1 } : new HashSet<CardDecryption>(),
            KeyAgreement = ec.Count > 0 || x25519,
            RsaKeySizes = rsa,
            EcFieldSizes = ec,
            Ed25519 = ed25519,
            X25519 = x25519,
            Rng = caps.GetChallenge,
            KeyGeneration = true,
            KeyImport = caps.KeyImport,
            MaxOnCardHashInput = MaxMessage(data),
        };
    }

    /// <summary>
    /// The longest message for EdDSA (the card takes the whole message in one PSO:CDS or INTERNAL AUTHENTICATE):
    /// what 7F66 allows, else one short APDU's 255 bytes on a card without chaining or extended length, else 4 KiB
    /// (a card that wants less answers 6700: CKR_DATA_LEN_RANGE).
    /// </summary>
    private static int MaxMessage(ApplicationRelatedData data)
    {
        if (data.MaxCommandLength > 0) return data.MaxCommandLength;
        return data.Historical.ExtendedLength || data.Historical.CommandChaining ? 4096 : 255;
    }
}
