using SharpSC.Cards.Drivers.MyEid;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Registry;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.Pkcs15.Tests.Personalisation;
using SharpSC.TestSupport;
using SharpSC.VirtualCard.Applets.MyEid;
using Xunit.Abstractions;

namespace SharpSC.Pkcs15.Tests.MyEid;

/// <summary>
/// The personaliser's writes on MyEID, each interrupted at every one of its APDUs (the command lost, or carried
/// out with its answer lost, as when the card is pulled): the card still parses and holds the old state, the new
/// one, or a documented in-between state. MyEID creates files full of FF, so this also covers appending after FF.
/// </summary>
public sealed class MyEidInterruptionTests(ITestOutputHelper output)
{
    private static readonly Pkcs15Id KeyId = Pkcs15Id.Parse("01");
    private static readonly Pkcs15Id NewId = Pkcs15Id.Parse("02");
    [Theory]
    [InlineData("init")]
    [InlineData("keygen")]
    [InlineData("certificate")]
    [InlineData("data")]
    [InlineData("delete")]
    public void An_interrupted_write_leaves_the_old_or_the_new_state(string operation)
    {
        var prepared = operation == "init" ? new MyEidCard(MyEidFixtureCards.OsEidSerial).SaveState() : Prepare();
        var old = Describe(MyEidCard.FromState(prepared));
        var (run, allowed) = Plan(operation, old);

        var expectedNew = InterruptionSweep.Run(() =>
        {
            var card = MyEidCard.FromState(prepared);
            return (Over(card), () => Describe(card));
        }, t => LogIn(t, operation), run, old, allowed, operation);
        output.WriteLine($"{operation}, new state:\n{string.Join("\n", expectedNew)}");
        Assert.NotEqual(old, expectedNew.Skip(1));
    }

    private static (Action<Pkcs15Personaliser> Run, List<List<string>> Allowed) Plan(string operation, List<string> old) => operation switch
    {
        // Erase, PINs, then AODF, directory files, ODF, TokenInfo (created, then written: for that one APDU a
        // reader finds it malformed), EF.DIR and ACTIVATE. Before TokenInfo the card has no application.
        "init" => (p => p.InitializeToken(new TokenInitialization
        {
            Label = "Fresh", UserPin = MyEidToken.Pin, Puk = MyEidToken.Puk, SoPin = MyEidToken.SoPin, SoPuk = MyEidToken.SoPin,
        }), [[InterruptionSweep.Malformed]]),
        // The PuKDF entry is written before the PrKDF entry (the commit): a public key alone may remain.
        "keygen" => (p => p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = NewId, Label = "new" }),
            [Sorted(old.Append("PuKDF 02 new"))]),
        "certificate" => (p => p.StoreCertificate(new CertificateStoreRequest { Certificate = TestCertificates.Ca.RawData, Id = NewId, Label = "ca" }), []),
        "data" => (p => p.StoreDataObject(new DataObjectRequest { Value = "payload"u8.ToArray(), Label = "blob" }), []),
        // Certificate first, then public key, then private key (the user PIN's auth ID is 01 too: it stays).
        "delete" => (p => p.DeleteObjects(p.Card.Application!.FindById(KeyId).Where(o => o is not PinObject).ToList()),
            [Sorted(old.Where(l => l != "CDF 01 Certificate")), Sorted(old.Where(l => l is not ("CDF 01 Certificate" or "PuKDF 01 key")))]),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    /// <summary>A token with a key pair 01 and its certificate, one data object, and a key before them.</summary>
    private static byte[] Prepare()
    {
        var token = new MyEidToken();
        var p = token.Initialised();
        p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = Pkcs15Id.Parse("AA"), Label = "first" });
        var key = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = KeyId, Label = "key" });
        p.StoreCertificate(new CertificateStoreRequest { Certificate = TestCertificates.IssueFor(key.PublicKeyInfo, "key") });
        p.StoreDataObject(new DataObjectRequest { Value = [1, 2, 3], Label = "data" });
        return token.Card.SaveState();
    }

    /// <summary>A removal loses the card's volatile state (verified PINs, the current file).</summary>
    private static FaultInjectingTransport Over(MyEidCard card) => new(new MyEidTransport(card), card.Reset);

    private static Pkcs15Personaliser LogIn(FaultInjectingTransport transport, string operation)
    {
        var driver = DriverRegistry.Default.Match(transport).Driver!;
        var p = new Pkcs15Personaliser(Pkcs15Card.Read(driver));
        if (operation != "init")
            p.VerifyUserPin(MyEidToken.Pin);
        return p;
    }

    /// <summary>What a reader sees (<see cref="InterruptionSweep.Describe"/>).</summary>
    private static List<string> Describe(MyEidCard card)
    {
        card.Reset();
        return InterruptionSweep.Describe(() => Pkcs15Card.Read(DriverRegistry.Default.Match(new MyEidTransport(card)).Driver!));
    }

    private static List<string> Sorted(IEnumerable<string> lines) => InterruptionSweep.Sorted(lines);
}
