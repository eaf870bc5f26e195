using SharpSC.Cards.Drivers;
using SharpSC.Cards.Registry;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.TestSupport;
using SharpSC.VirtualCard;

namespace SharpSC.Pkcs15.Tests.Personalisation;

/// <summary>A clock that says what the test wants.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>An emulated IsoApplet card with helpers to connect, personalise and read it back.</summary>
internal sealed class EmulatedToken
{
    public static readonly byte[] Pin = "123456"u8.ToArray();
    public static readonly byte[] Puk = "0123456789abcdef"u8.ToArray();

    /// <summary>The lastUpdate of the OpenSC fixture's TokenInfo after pkcs15-init -C.</summary>
    public static readonly DateTimeOffset FixtureInitTime = new(2026, 11, 27, 9, 7, 46, TimeSpan.Zero);

    public EmulatedToken(AppletVersion version, EmulatedCardOptions? options = null) => Card = new IsoAppletCard(version, options);

    public IsoAppletCard Card { get; }

    public FixedClock Clock { get; } = new(FixtureInitTime);

    /// <summary>The transport of the last connection (APDU counts).</summary>
    public EmulatorTransport Transport { get; private set; } = null!;

    /// <summary>A new connection (after a warm reset, as a new process would see the card) with its driver.</summary>
    public CardDriver Connect()
    {
        Card.Reset();
        Transport = new EmulatorTransport(Card);
        return Connect(Transport);
    }

    public static CardDriver Connect(Cards.Transport.ICardTransport transport) =>
        DriverRegistry.Default.Match(transport).Driver ?? throw new InvalidOperationException("no driver for the emulated card");

    public Pkcs15Personaliser Open() => new(Pkcs15Card.Read(Connect()), clock: Clock);

    /// <summary>Initialised like the OpenSC fixture (label Test, serial 0000, PIN 123456, PUK), PIN verified.</summary>
    public Pkcs15Personaliser Initialised(string label = "Test")
    {
        var p = Open();
        p.InitializeToken(new TokenInitialization { Label = label, UserPin = Pin, Puk = Puk, SerialNumber = ByteString.FromHex("0000") });
        return p;
    }

    /// <summary>A new connection with the PIN verified.</summary>
    public Pkcs15Personaliser LoggedIn()
    {
        var p = Open();
        p.VerifyUserPin(Pin);
        return p;
    }

    /// <summary>The structure as a fresh reader sees it.</summary>
    public Pkcs15Card Read() => Pkcs15Card.Read(Connect());

    /// <summary>pkcs15-tool --dump style text of the card as a fresh reader sees it.</summary>
    public string Dump()
    {
        var card = Read();
        return card.Application is { } app ? Pkcs15Dump.Format(app, path => Pkcs15Card.ReadFileOrNull(card.Driver, path)) : "(no PKCS#15)";
    }

    /// <summary>The whole content of a file (its FCI size), read without the PIN.</summary>
    public byte[] File(string path) => Connect().ReadFile(Cards.Files.CardPath.Parse(path));

    /// <summary>The FCI of a file.</summary>
    public Cards.Files.CardFileInfo Fci(string path) => Connect().SelectFile(Cards.Files.CardPath.Parse(path));
}
