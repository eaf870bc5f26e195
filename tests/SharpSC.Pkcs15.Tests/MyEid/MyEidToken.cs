using SharpSC.Cards.Drivers;
using SharpSC.Cards.Drivers.MyEid;
using SharpSC.Cards.Files;
using SharpSC.Cards.Registry;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.Pkcs15.Tests.Personalisation;
using SharpSC.TestSupport;
using SharpSC.VirtualCard.Applets.MyEid;

namespace SharpSC.Pkcs15.Tests.MyEid;

/// <summary>An emulated MyEID card with helpers to connect, personalise and read it back.</summary>
internal sealed class MyEidToken(MyEidCard card)
{
    public static readonly byte[] Pin = "123456"u8.ToArray();
    public static readonly byte[] Puk = "12345678"u8.ToArray();
    public static readonly byte[] SoPin = "00000000"u8.ToArray();

    public MyEidToken() : this(new MyEidCard(MyEidFixtureCards.OsEidSerial))
    {
    }

    public MyEidCard Card { get; } = card;

    public FixedClock Clock { get; } = new(new DateTimeOffset(2026, 12, 3, 21, 14, 12, TimeSpan.Zero));

    public MyEidTransport Transport { get; private set; } = null!;

    /// <summary>A new connection (after a warm reset, as a new process would see the card) with its driver.</summary>
    public MyEidDriver Connect()
    {
        Card.Reset();
        Transport = new MyEidTransport(Card);
        return Assert.IsType<MyEidDriver>(DriverRegistry.Default.Match(Transport).Driver);
    }

    public Pkcs15Personaliser Open(CardDriver? driver = null) => new(Pkcs15Card.Read(driver ?? Connect()), clock: Clock);

    /// <summary>As pkcs15-init -C --so-pin --so-puk, --store-pin --pin --puk, -F: two PINs, activated, user PIN verified.</summary>
    public Pkcs15Personaliser Initialised(bool withSoPin = true, string label = "MyEID")
    {
        var p = Open();
        p.InitializeToken(new TokenInitialization
        {
            Label = label,
            UserPin = Pin,
            Puk = Puk,
            // (a null byte[] would become an empty, non-null ReadOnlyMemory)
            SoPin = withSoPin ? SoPin : (ReadOnlyMemory<byte>?)null,
            SoPuk = withSoPin ? SoPin : (ReadOnlyMemory<byte>?)null,
        });
        return p;
    }

    public Pkcs15Personaliser LoggedIn()
    {
        var p = Open();
        p.VerifyUserPin(Pin);
        return p;
    }

    public Pkcs15Card Read() => Pkcs15Card.Read(Connect());

    public CardFileInfo Fci(string path) => Connect().SelectFile(CardPath.Parse(path));

    /// <summary>GET DATA 01 Bx of a PIN object (tries left, maxima, flags, minimum lengths), null when it does not exist.</summary>
    public byte[]? PinInfo(int reference)
    {
        var answer = Card.Process([0x00, 0xCA, 0x01, (byte)(0xB0 | reference), 0x00]);
        return answer[^2] == 0x90 ? answer[..^2] : null;
    }

    /// <summary>The FCI bytes exactly as the card answers SELECT (for comparison with OpenSC's card), after a reset: PINs must be verified again.</summary>
    public string RawFci(string path)
    {
        Card.Reset();
        var fids = Convert.FromHexString(path);
        var answer = fids.Length == 2
            ? Card.Process([0x00, 0xA4, 0x00, 0x00, 0x02, .. fids, 0x00])
            : Card.Process([0x00, 0xA4, 0x08, 0x00, (byte)(fids.Length - 2), .. fids[2..], 0x00]);
        Assert.True(0x90 == answer[^2], path + " -> " + Convert.ToHexString(answer));
        return Convert.ToHexString(answer[..^2]);
    }
}
