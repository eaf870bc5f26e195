using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Transport;

namespace SharpSC.TestSupport;

/// <summary>
/// A personalised virtual YubiKey PIV card, made once per test process and handed out as fresh copies: keys
/// generated on the card in 9A (RSA-2048), 9C (P-256, PIN always), 9E (P-256, no PIN), 82 (P-256, key
/// agreement) and 83 (RSA-2048), each with a certificate issued by a throwaway CA (<see cref="CaCertificate"/>),
/// and a key history object that counts the two retired slots. Factory PIN, PUK and management key. Use it in
/// process (<see cref="Emulator"/>), or as the state file of a <c>sharpsc-vcard</c> (<see cref="WriteStateFile"/>,
/// <see cref="Start"/>; reader "Yubico YubiKey vpcd 00 00" by default, which ykcs11 accepts).
/// </summary>
public static class PivCardImage
{
    public const string Pin = "123456";
    public const string Puk = "12345678";
    public const string ManagementKeyHex = "010203040506070801020304050607080102030405060708";
    public const uint Serial = 20240613;

    /// <summary>The slots that hold a key, with OpenSC's CKA_ID of each: 9A 01, 9C 02, 9E 04, 82 05, 83 06.</summary>
    public static IReadOnlyList<(byte Slot, byte Id, KeySpec Spec)> Keys { get; } =
    [
        (0x9A, 0x01, KeySpec.Rsa(2048)),
        (0x9C, 0x02, KeySpec.Ec(EcCurves.Secp256r1)),
        (0x9E, 0x04, KeySpec.Ec(EcCurves.Secp256r1)),
        (0x82, 0x05, KeySpec.Ec(EcCurves.Secp256r1)),
        (0x83, 0x06, KeySpec.Rsa(2048)),
    ];

    private static readonly Lazy<(byte[] State, X509Certificate2 Ca, Dictionary<byte, byte[]> Certificates)> Image = new(Build);

    /// <summary>The state of the PIV applet (the card's "piv" record).</summary>
    public static byte[] AppletState => Image.Value.State;

    /// <summary>The throwaway CA that issued the card's certificates (public part).</summary>
    public static X509Certificate2 CaCertificate => X509CertificateLoader.LoadCertificate(Image.Value.Ca.RawData);

    /// <summary>The certificate (DER) of a slot of <see cref="Keys"/>.</summary>
    public static byte[] Certificate(byte slot) => (byte[])Image.Value.Certificates[slot].Clone();

    /// <summary>A fresh in-process copy of the card.</summary>
    public static PivCardEmulator Emulator() => PivCardEmulator.Restore(AppletState);

    /// <summary>Writes the card as a sharpsc-vcard state file (mode 0600).</summary>
    public static void WriteStateFile(string path) => Emulator().Card.Save(path);

    /// <summary>Starts sharpsc-vcard with a fresh copy of the card in the reader of <paramref name="port"/> (default: the first Yubico-named reader).</summary>
    public static VirtualCardProcess Start(TempDir dir, int? port = null, string stateFileName = "piv.state")
    {
        var path = dir.File(stateFileName);
        WriteStateFile(path);
        return VirtualCardProcess.Start(port ?? Pcscd.YubicoReaders[0].Port, path, applet: null);
    }

    private static (byte[], X509Certificate2, Dictionary<byte, byte[]>) Build()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=SharpSC PIV Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));

        var card = new PivCardEmulator(Serial);
        var driver = PivDriver.TryConnect(new ApduChannel(card.Transport()), out var reason) ?? throw new InvalidOperationException(reason);
        driver.AuthenticateManagementKey(Convert.FromHexString(ManagementKeyHex));
        var certificates = new Dictionary<byte, byte[]>();
        var serial = 1;
        foreach (var (reference, _, spec) in Keys)
        {
            var slot = PivSlot.FromReference(reference)!;
            var policy = reference == 0x9C ? PivPinPolicy.Always : PivPinPolicy.Default;
            var publicKey = driver.GenerateKeyPair(slot, spec, policy);
            var der = Issue(ca, caKey, publicKey, $"CN=PIV test slot {reference:X2}", serial++, reference);
            driver.WriteCertificate(slot, der);
            certificates[reference] = der;
        }
        new PivCardContents(driver).CoverRetiredSlot(PivSlot.Retired[1]);
        return (card.SaveState(), X509CertificateLoader.LoadCertificate(ca.RawData), certificates);
    }

    /// <summary>An end-entity certificate for a card key, signed by the CA (digital signature; key agreement or encipherment for 82/83).</summary>
    private static byte[] Issue(X509Certificate2 ca, ECDsa caKey, PublicKeyInfo key, string subject, int serial, byte slot)
    {
        var request = new CertificateRequest(new X500DistinguishedName(subject), PublicKey.CreateFromSubjectPublicKeyInfo(SubjectPublicKeyInfo(key), out _),
            HashAlgorithmName.SHA256);
        var usage = slot switch
        {
            0x82 => X509KeyUsageFlags.KeyAgreement,
            0x83 => X509KeyUsageFlags.KeyEncipherment,
            0x9C => X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
            _ => X509KeyUsageFlags.DigitalSignature,
        };
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        var now = DateTimeOffset.UtcNow;
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var cert = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddDays(-1), now.AddYears(1), [(byte)serial]);
        return cert.RawData;
    }

    private static byte[] SubjectPublicKeyInfo(PublicKeyInfo key)
    {
        switch (key)
        {
            case RsaPublicKeyInfo rsa:
                using (var r = RSA.Create(new RSAParameters { Modulus = rsa.Modulus, Exponent = rsa.Exponent }))
                    return r.ExportSubjectPublicKeyInfo();
            case EcPublicKeyInfo ec:
                var half = ec.Curve.FieldBytes;
                var curve = ec.Curve == EcCurves.Secp384r1 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256;
                using (var e = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = ec.Point[1..(1 + half)], Y = ec.Point[(1 + half)..] } }))
                    return e.ExportSubjectPublicKeyInfo();
            default:
                throw new ArgumentException("unknown key type", nameof(key));
        }
    }
}
