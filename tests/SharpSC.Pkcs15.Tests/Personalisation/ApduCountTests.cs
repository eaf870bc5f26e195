using SharpSC.Cards.Keys;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.VirtualCard;
using Xunit.Abstractions;

namespace SharpSC.Pkcs15.Tests.Personalisation;

/// <summary>
/// APDUs the personaliser spends, from an open connection with the structure read (and the PIN verified for
/// keygen and import-cert), so that a change that costs more round trips shows. OpenSC 0.23's pkcs15-init
/// took 40 (init), 49 (RSA keygen) and 44 (certificate) APDUs for the same steps in v0-opensc-personalise.apdu,
/// card detection and structure reading included.
/// </summary>
public class ApduCountTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(AppletVersion.V0, 22, 18, 12)]
    [InlineData(AppletVersion.V1, 22, 18, 10)]
    public void Init_keygen_and_certificate_take_a_bounded_number_of_apdus(AppletVersion version, int init, int keygen, int certificate)
    {
        var token = new EmulatedToken(version);
        var p = token.Open();
        var start = token.Transport.Apdus;
        p.InitializeToken(new TokenInitialization { Label = "Count", UserPin = EmulatedToken.Pin, Puk = EmulatedToken.Puk });
        var initApdus = token.Transport.Apdus - start;

        start = token.Transport.Apdus;
        var key = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Rsa(2048) });
        var keygenApdus = token.Transport.Apdus - start;

        start = token.Transport.Apdus;
        p.StoreCertificate(new CertificateStoreRequest { Certificate = TestCertificates.IssueFor(key.PublicKeyInfo, "count") });
        var certificateApdus = token.Transport.Apdus - start;

        output.WriteLine($"{version}: init {initApdus}, keygen rsa/2048 {keygenApdus}, import-cert {certificateApdus} APDUs");
        Assert.InRange(initApdus, 1, init);
        Assert.InRange(keygenApdus, 1, keygen);
        Assert.InRange(certificateApdus, 1, certificate);
    }
}
