using SharpSC.Cards.Transport;
using FuzzCard = SharpSC.Fuzz.Targets.EmulatedCard;
using SharpSC.Pkcs11.Slots;
using SharpSC.Pkcs11.Tokens;
using SharpSC.Pkcs11.Tokens.Card;
using SharpSC.TestSupport;
using SharpSC.VirtualCard;

namespace SharpSC.Pkcs11.Tests.Tokens;

/// <summary>
/// The engine's token over the in-process IsoApplet card personalised like the genuine v0 card (the fuzz
/// harness's EmulatedCard: fixture PKCS#15 files, PIN 123456, an RSA key in slot 0), with a link the test
/// can make glitch (<see cref="GlitchingTransport"/>) or stall (StallingTransport), and no file cache.
/// </summary>
internal sealed class EmulatedTokens
{
    public static readonly byte[] Pin = System.Text.Encoding.ASCII.GetBytes(FuzzCard.Pin);

    /// <summary>SHA-256 DigestInfo of some data, what C_Sign hands the card for CKM_SHA256_RSA_PKCS.</summary>
    public static readonly byte[] DigestInfo = Convert.FromHexString("3031300D060960864801650304020105000420" + new string('A', 64));

    private ulong _handles;

    static EmulatedTokens() => Environment.SetEnvironmentVariable("SHARPSC_CACHE", "off");

    public EmulatedTokens(string reader) => Reader = reader;

    public string Reader { get; }

    public IsoAppletCard Card { get; } = FuzzCard.Build();

    /// <summary>The glitch wrapper of the latest connection.</summary>
    public GlitchingTransport Link { get; private set; } = null!;

    /// <summary>Every connection made to the card, oldest first.</summary>
    public List<StallingTransport> Connections { get; } = [];

    public ICardTransport Connect()
    {
        Card.Reset();
        Link = new GlitchingTransport(new EmulatorTransport(Card, Reader));
        var stalling = new StallingTransport(Link);
        lock (Connections) Connections.Add(stalling);
        return stalling;
    }

    public Token Open(Func<ICardTransport> transport) =>
        new(new Slot(1, Reader), CardTokenDevice.Open(transport), 0, () => Interlocked.Increment(ref _handles));
}

/// <summary>Makes one exchange go wrong on purpose: a SELECT answered "not found", or a READ BINARY answer with a flipped byte.</summary>
internal sealed class GlitchingTransport(ICardTransport inner) : ICardTransport
{
    private byte[]? _failSelectOf;
    private byte[]? _corruptReadOf;
    private bool _corruptNextRead;

    public ReadOnlyMemory<byte> Atr => inner.Atr;

    public string ReaderName => inner.ReaderName;

    /// <summary>The next SELECT whose data ends with this file ID is answered 6A82.</summary>
    public void FailSelectOnce(string fid) => _failSelectOf = Convert.FromHexString(fid);

    /// <summary>
    /// The first READ BINARY after the next SELECT of this file ID comes back with its second byte (the outer
    /// DER length) flipped, so what it carries no longer parses.
    /// </summary>
    public void CorruptReadOnce(string fid) => _corruptReadOf = Convert.FromHexString(fid);

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        var ins = command[1];
        if (ins == 0xA4 && _failSelectOf is { } failing && SelectsFile(command, failing))
        {
            _failSelectOf = null;
            return [0x6A, 0x82];
        }
        if (ins == 0xA4 && _corruptReadOf is { } corrupting && SelectsFile(command, corrupting))
        {
            _corruptReadOf = null;
            _corruptNextRead = true;
        }
        var answer = inner.Transmit(command);
        if (ins == 0xB0 && _corruptNextRead && answer.Length > 2)
        {
            _corruptNextRead = false;
            answer[1] ^= 0xFF;
        }
        return answer;
    }

    private static bool SelectsFile(ReadOnlySpan<byte> command, byte[] fid) =>
        command.Length >= 5 + fid.Length && command[4] + 5 <= command.Length && command.Slice(5, command[4]).EndsWith(fid);

    public IDisposable BeginTransaction() => inner.BeginTransaction();

    public void Dispose() => inner.Dispose();
}
