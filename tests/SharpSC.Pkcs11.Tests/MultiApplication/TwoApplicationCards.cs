using SharpSC.Cards.Keys;
using SharpSC.Cards.Registry;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.TestSupport;
using SharpSC.VirtualCard;

namespace SharpSC.Pkcs11.Tests.MultiApplication;

/// <summary>Personalised in-process cards for the multi-application tests, and the driver table that finds both applications.</summary>
internal static class TwoApplicationCards
{
    public static readonly byte[] FirstPin = "123456"u8.ToArray();
    public static readonly byte[] SecondPin = "654321"u8.ToArray();
    public static readonly byte[] Puk = "0123456789abcdef"u8.ToArray();

    /// <summary>An IsoApplet v1 token with one EC key, personalised over a connection of its own.</summary>
    public static IsoAppletCard Personalised(string label, byte[] pin)
    {
        var card = new IsoAppletCard(AppletVersion.V1);
        var driver = DriverRegistry.Default.Match(new EmulatorTransport(card)).Driver!;
        var p = new Pkcs15Personaliser(Pkcs15Card.Read(driver));
        using (driver.BeginTransaction())
        {
            p.InitializeToken(new TokenInitialization { Label = label, UserPin = pin, Puk = Puk });
            p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = Pkcs15Id.FromByte(0x01), Label = label + " key" });
        }
        card.Reset();
        return card;
    }

    public static TwoAppletTransport TwoApplications(string reader = "Virtual PCD 00 00") =>
        new(Personalised("First", FirstPin), Personalised("Second", SecondPin), reader);
}
