using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;
using SharpSC.VirtualCard.Crypto;

namespace SharpSC.VirtualCard.Applets.Piv;

/// <summary>
/// Yubico PIV attestation: the key in slot F9 signs a certificate for the public key of a key generated on
/// the card, carrying the firmware version, serial number, PIN/touch policy and form factor in Yubico's
/// extensions (OID arc 1.3.6.1.4.1.41482.3). The factory F9 key is self-certified here (a genuine YubiKey's
/// is issued by Yubico's CA, which a virtual card cannot have).
/// </summary>
internal static class PivAttestation
{
    private const string YubicoArc = "1.3.6.1.4.1.41482.3";
    private static readonly DerObjectIdentifier FirmwareOid = new(YubicoArc + ".3");
    private static readonly DerObjectIdentifier SerialOid = new(YubicoArc + ".7");
    private static readonly DerObjectIdentifier PolicyOid = new(YubicoArc + ".8");
    private static readonly DerObjectIdentifier FormFactorOid = new(YubicoArc + ".9");

    /// <summary>USB-A keychain, as GET METADATA and the form-factor extension of a YubiKey 5 NFC say.</summary>
    private const byte FormFactorUsbAKeychain = 0x01;

    private static readonly DateTime NotBefore = new(2018, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime NotAfter = new(2050, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A fresh attestation key (P-256) and its self-signed certificate, for a blank card.</summary>
    public static (PivKey Key, byte[] Certificate) CreateFactoryKey(uint serial)
    {
        var key = PivEcKey.GenerateEc(PivSpec.AlgEccP256, PivSpec.PinPolicyNever, PivSpec.TouchPolicyNever);
        var name = new X509Name($"CN=SharpSC Virtual PIV Attestation {serial}");
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(1, CardRandom.Bytes(16)));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(NotBefore);
        generator.SetNotAfter(NotAfter);
        generator.SetPublicKey(key.PublicKey);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        return (key, generator.Generate(SignatureFactory(key)).GetEncoded());
    }

    /// <summary>The attestation certificate for <paramref name="slot"/>'s key, issued by the F9 key under its certificate's subject.</summary>
    public static byte[] Attest(byte slot, PivKey key, PivKey attestationKey, byte[]? attestationCertificate, uint serial)
    {
        var issuer = attestationCertificate != null
            ? new X509CertificateParser().ReadCertificate(attestationCertificate).SubjectDN
            : new X509Name("CN=SharpSC Virtual PIV Attestation");
        // Yubico's extension values are raw bytes inside extnValue (the serial a DER INTEGER), which the
        // certificate generator's byte[] overload would wrap once more: the TBS is built by hand.
        var extensions = new Dictionary<DerObjectIdentifier, X509Extension>
        {
            [FirmwareOid] = Raw(PivSpec.FirmwareVersion),
            [SerialOid] = Raw(DerInteger.ValueOf(serial).GetEncoded()),
            [PolicyOid] = Raw([key.PinPolicy, key.TouchPolicy]),
            [FormFactorOid] = Raw([FormFactorUsbAKeychain]),
        };
        var factory = SignatureFactory(attestationKey);
        var tbs = new V3TbsCertificateGenerator();
        tbs.SetSerialNumber(new DerInteger(new BigInteger(1, CardRandom.Bytes(16))));
        tbs.SetIssuer(issuer);
        tbs.SetSubject(new X509Name($"CN=YubiKey PIV Attestation {slot:x2}"));
        tbs.SetStartDate(new Time(NotBefore));
        tbs.SetEndDate(new Time(NotAfter));
        tbs.SetSubjectPublicKeyInfo(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key.PublicKey));
        tbs.SetSignature((AlgorithmIdentifier)factory.AlgorithmDetails);
        tbs.SetExtensions(new X509Extensions(extensions));
        var tbsCertificate = tbs.GenerateTbsCertificate();
        var calculator = factory.CreateCalculator();
        using (var stream = calculator.Stream)
            tbsCertificate.EncodeTo(stream, Asn1Encodable.Der);
        var signature = ((IBlockResult)calculator.GetResult()).Collect();
        return new X509CertificateStructure(tbsCertificate, (AlgorithmIdentifier)factory.AlgorithmDetails, new DerBitString(signature)).GetDerEncoded();
    }

    private static X509Extension Raw(byte[] value) => new(false, new DerOctetString(value));

    private static Asn1SignatureFactory SignatureFactory(PivKey key) =>
        new(key.PrivateKey is RsaPrivateCrtKeyParameters ? "SHA256WITHRSA" : "SHA256WITHECDSA", key.PrivateKey, CardRandom.Instance);

    /// <summary>The certificate container of SP 800-73-4 Part 1 Table 10: 70 cert, 71 00 (not compressed), FE (LRC, empty).</summary>
    public static byte[] Container(byte[] certificate)
    {
        var list = new List<byte>();
        PivTlv.Write(list, 0x70, certificate);
        PivTlv.Write(list, 0x71, [0x00]);
        PivTlv.Write(list, 0xFE, []);
        return list.ToArray();
    }
}
