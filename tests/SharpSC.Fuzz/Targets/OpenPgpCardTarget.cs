using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Transport;
using SharpSC.TestSupport;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// The OpenPGP driver over a link whose answers the input corrupts (<see cref="MutatingTransport"/>), on an
/// emulated card with an RSA-2048 signature key, an X25519 decryption key, a P-256 authentication key and a
/// certificate: connect, read every data object, public keys and certificates, VERIFY, sign with each key,
/// decipher, GET CHALLENGE. Only card errors and transport failures may come out.
/// </summary>
public sealed class OpenPgpCardTarget : FuzzTarget
{
    private static readonly Lazy<byte[]> Personalised = new(Personalise);
    private static readonly byte[] DigestInfo = Convert.FromHexString("3031300D060960864801650304020105000420" + new string('A', 64));
    private static readonly byte[] X25519Peer = Convert.FromHexString("DE9EDB7D7B7DC1B4D35B61C2ECE435373F8343C85B78674DADFC7E146F882B4F");

    public override string Name => "openpgp-card";

    protected override void Execute(ReadOnlySpan<byte> input)
    {
        var card = OpenPgpEmulatorTransport.Restore(Personalised.Value);
        var link = new MutatingTransport(apdu => card.Transmit(apdu), card.Atr, input.ToArray());
        var driver = OpenPgpDriver.TryConnect(new ApduChannel(link), out _);
        if (driver == null) return;
        Attempt(() => driver.ReadCardholderData());
        Attempt(() => driver.ReadSignatureCounter());
        Attempt(() => driver.ReadAlgorithmInformation());
        Attempt(() => driver.ReadCertificates());
        foreach (var key in OpenPgpKeyRefs.All) Attempt(() => driver.ReadPublicKey(key));
        Attempt(() => driver.Verify(OpenPgpPassword.Pw1Signature, "123456"u8));
        Attempt(() => driver.Sign(OpenPgpKeyRef.Signature, DigestInfo));
        Attempt(() => driver.Verify(OpenPgpPassword.Pw1, "123456"u8));
        Attempt(() => driver.Sign(OpenPgpKeyRef.Authentication, DigestInfo[^32..]));
        Attempt(() => driver.Decipher(OpenPgpKeyRef.Decryption, X25519Peer));
        Attempt(() => driver.GetStatus(OpenPgpPassword.Pw3));
        Attempt(() => driver.GetChallenge(40));
        Attempt(() => driver.RefreshApplicationData());
    }

    /// <summary>One operation: a card error or a dropped link ends it, and the next one carries on.</summary>
    private static void Attempt(Action operation)
    {
        try
        {
            operation();
        }
        catch (Exception e) when (e is CardException or CardTransportException)
        {
        }
    }

    protected override bool IsPromisedFailure(Exception e) => e is CardException or CardTransportException;

    public override IEnumerable<byte[]> Seeds()
    {
        yield return [];
        for (var i = 0; i < 30; i += 3) yield return [.. Enumerable.Repeat((byte)5, i), 0, 7]; // a truncated answer, later each time
        yield return [5, 3, 12, 0x6E, 0x0A, 0x4F, 0x08, 0xD2, 0x76, 0x00, 0x01, 0x24, 0x01, 0x03, 0x04, 0x90, 0x00];
        yield return [5, 5, 5, 2, 0x69, 0x82];
        yield return [5, 5, 5, 5, 5, 5, 1, 3, 0xFF];
        yield return [5, 1, 200, 0x80];
    }

    private static byte[] Personalise()
    {
        var card = new OpenPgpEmulatorTransport(0x0F0F0F0F);
        var driver = OpenPgpDriver.Connect(card);
        driver.Verify(OpenPgpPassword.Pw3, "12345678"u8);
        driver.SetAlgorithmAttributes(OpenPgpKeyRef.Decryption, AlgorithmAttributes.FromName("cv25519", OpenPgpKeyRef.Decryption)!);
        driver.SetAlgorithmAttributes(OpenPgpKeyRef.Authentication, AlgorithmAttributes.FromName("nistp256", OpenPgpKeyRef.Authentication)!);
        foreach (var key in OpenPgpKeyRefs.All)
            driver.WriteKeyMetadata(key, driver.GenerateKey(key), DateTimeOffset.FromUnixTimeSeconds(1700000000));
        driver.WriteCertificate(OpenPgpKeyRef.Signature, Convert.FromHexString("3003020101"));
        driver.SetSignaturePinPolicy(true);
        return card.SaveState();
    }
}
