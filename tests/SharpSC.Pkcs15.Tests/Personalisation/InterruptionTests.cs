using SharpSC.Cards.Keys;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.TestSupport;
using SharpSC.VirtualCard;
using Xunit.Abstractions;

namespace SharpSC.Pkcs15.Tests.Personalisation;

/// <summary>
/// Every write operation, interrupted at each of its APDUs (the command lost, or carried out with the answer
/// lost, as when the card is pulled): the card must still parse, and hold the old state, the new state, or one
/// of the documented in-between states of multi-file operations.
/// </summary>
public class InterruptionTests(ITestOutputHelper output)
{
    private static readonly Pkcs15Id KeyId = Pkcs15Id.Parse("01");
    private static readonly Pkcs15Id NewId = Pkcs15Id.Parse("02");

    public static TheoryData<AppletVersion, string> Operations()
    {
        var data = new TheoryData<AppletVersion, string>();
        foreach (var version in new[] { AppletVersion.V0, AppletVersion.V1 })
            foreach (var op in new[] { "init", "keygen", "certificate", "data", "delete", "relabel", "token label" })
                data.Add(version, op);
        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void An_interrupted_write_leaves_the_old_or_the_new_state(AppletVersion version, string operation)
    {
        using var dir = new TempDir("interrupt");
        var prepared = operation == "init" ? new IsoAppletCard(version) : Prepare(version, dir);
        var old = Describe(prepared);
        var (run, allowed) = Plan(operation, old);

        var expectedNew = InterruptionSweep.Run(() =>
        {
            var card = Clone(prepared, dir);
            return (FaultInjectingTransport.Over(new EmulatorTransport(card)), () => Describe(card));
        }, LogIn, run, old, allowed, operation);
        output.WriteLine($"{version} {operation}, new state:\n{string.Join("\n", expectedNew)}");
    }

    private static (Action<Pkcs15Personaliser> Run, List<List<string>> Allowed) Plan(string operation, List<string> old)
    {
        return operation switch
        {
            "init" => (p => p.InitializeToken(new TokenInitialization { Label = "Fresh", UserPin = EmulatedToken.Pin, Puk = EmulatedToken.Puk }),
                // TokenInfo is created empty and written by the next APDU: for that one APDU a reader finds it malformed.
                [[InterruptionSweep.Malformed]]),
            "keygen" => (p => p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = NewId, Label = "new" }),
                // The PuKDF entry is written before the PrKDF entry (the commit): a public key alone may remain.
                [Sorted(old.Append("PuKDF 02 new"))]),
            "certificate" => (p => p.StoreCertificate(new CertificateStoreRequest { Certificate = TestCertificates.Ca.RawData, Id = NewId, Label = "ca" }), []),
            "data" => (p => p.StoreDataObject(new DataObjectRequest { Value = "payload"u8.ToArray(), Label = "blob" }), []),
            "delete" => (p => p.DeleteObjects(p.Card.Application!.FindById(KeyId).ToList()),
                // Certificate first, then public key, then private key.
                [Sorted(old.Where(l => l != "CDF 01 Certificate")), Sorted(old.Where(l => l is not ("CDF 01 Certificate" or "PuKDF 01 key")))]),
            "relabel" => (p => p.SetLabel(p.Card.Application!.FindPrivateKey(KeyId)!, "renamed key"), []),
            "token label" => (p => p.SetTokenLabel("Renamed"), []),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }

    /// <summary>A card with a key pair 01 and its certificate, one public data object, and 2 objects before them in each directory.</summary>
    private static IsoAppletCard Prepare(AppletVersion version, TempDir dir)
    {
        var token = new EmulatedToken(version);
        var p = token.Initialised();
        p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = Pkcs15Id.Parse("AA"), Label = "first" });
        var key = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = KeyId, Label = "key" });
        p.StoreCertificate(new CertificateStoreRequest { Certificate = TestCertificates.IssueFor(key.PublicKeyInfo, "key") });
        p.StoreDataObject(new DataObjectRequest { Value = [1, 2, 3], Label = "data" });
        return Clone(token.Card, dir);
    }

    private static IsoAppletCard Clone(IsoAppletCard card, TempDir dir)
    {
        var path = dir.File(Guid.NewGuid().ToString("N") + ".state");
        card.Save(path);
        return IsoAppletCard.Load(path);
    }

    private static Pkcs15Personaliser LogIn(FaultInjectingTransport transport)
    {
        var p = new Pkcs15Personaliser(Pkcs15Card.Read(EmulatedToken.Connect(transport)));
        if (p.GetUserPinStatus().VerificationRequired)
            p.VerifyUserPin(EmulatedToken.Pin);
        return p;
    }

    /// <summary>What a reader sees (<see cref="InterruptionSweep.Describe"/>).</summary>
    private static List<string> Describe(IsoAppletCard card)
    {
        card.Reset();
        return InterruptionSweep.Describe(() => Pkcs15Card.Read(EmulatedToken.Connect(new EmulatorTransport(card))));
    }

    private static List<string> Sorted(IEnumerable<string> lines) => InterruptionSweep.Sorted(lines);
}
