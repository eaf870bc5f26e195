using System.Security.Cryptography;
using SharpSC.Cards.Drivers.IsoApplet;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Transport;
using SharpSC.TestSupport;
using SharpSC.VirtualCard;

namespace SharpSC.Cards.Tests.Drivers;

/// <summary>
/// The contract played by the in-process emulator: a blank card personalised through the driver itself the way
/// the fixture card was (PUK, PIN 123456, DF 5015 with a TokenInfo, RSA-2048 in slot 0 with its RSAPublicKey in
/// 3F0050153300, P-256 in slot 1 with its SubjectPublicKeyInfo in 3F0050153301). One card per class; every
/// scenario gets a fresh transport after a warm reset.
/// </summary>
public abstract class EmulatedIsoAppletContractTests(AppletVersion version) : IsoAppletContractTests
{
    private static readonly FileAcl PublicFile = FileAcl.ForEf(AccessCondition.Always, AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Never);
    private static readonly Dictionary<AppletVersion, IsoAppletCard> Cards = [];
    private static readonly Lock Gate = new();

    protected override ICardTransport OpenCard(ContractScenario scenario)
    {
        IsoAppletCard card;
        lock (Gate)
        {
            if (!Cards.TryGetValue(version, out card!))
                Cards[version] = card = Personalise(version);
        }
        card.Reset();
        return new EmulatorTransport(card);
    }

    private static IsoAppletCard Personalise(AppletVersion version)
    {
        var card = new IsoAppletCard(version);
        var driver = Assert.IsType<IsoAppletDriver>(DriverRegistry.Default.Match(new EmulatorTransport(card)).Driver);
        using (driver.BeginTransaction())
        {
            driver.SetPuk("0123456789abcdef"u8);
            driver.SetInitialPin("123456"u8);
            driver.VerifyPin(IsoAppletDriver.UserPin, "123456"u8);
            var app = FileAcl.ForDf(AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Pin, AccessCondition.Pin);
            driver.CreateFile(CardPath.MasterFile, FileSpec.Df(0x5015, 5000, app));
            var tokenInfo = Convert.FromHexString("302D020100040200000C07756E6B6E6F776E80045465737403020410A511180F32303236313132373039303733305A");
            WriteFile(driver, 0x5032, tokenInfo);

            var rsa = Assert.IsType<RsaPublicKeyInfo>(driver.GenerateKeyPair(0, KeySpec.Rsa(2048)));
            using (var pub = RSA.Create(new RSAParameters { Modulus = rsa.Modulus, Exponent = rsa.Exponent }))
                WriteFile(driver, 0x3300, pub.ExportRSAPublicKey());

            var ec = Assert.IsType<EcPublicKeyInfo>(driver.GenerateKeyPair(1, KeySpec.Ec(EcCurves.Secp256r1)));
            var point = new ECPoint { X = ec.Point[1..33], Y = ec.Point[33..] };
            using (var pub = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = point }))
                WriteFile(driver, 0x3301, pub.ExportSubjectPublicKeyInfo());
        }
        return card;
    }

    private static void WriteFile(IsoAppletDriver driver, ushort fid, byte[] content)
    {
        driver.CreateFile(CardPath.Parse("3F005015"), FileSpec.TransparentEf(fid, content.Length, PublicFile));
        driver.UpdateBinary(CardPath.Parse("3F005015").Append(fid), 0, content);
    }
}

public sealed class EmulatedIsoAppletV0ContractTests() : EmulatedIsoAppletContractTests(AppletVersion.V0);

public sealed class EmulatedIsoAppletV1ContractTests() : EmulatedIsoAppletContractTests(AppletVersion.V1);
