using System.Security.Cryptography;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Transport;
using SharpSC.TestSupport;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// The PIV parsers and the PIV driver; the first input byte picks a mode:
/// 0 certificate container (53 value: 70/71/FE, gzip), 1 key history, 2 CHUID, 3 SELECT answer (application
/// property template), 4 key metadata (as slot 9A) and PIN metadata, 5 public key template of GENERATE;
/// 6 the driver on the virtual YubiKey (keys in 9A, 9C, 9E, certificates in 9A and a retired slot, key
/// history) behind a link the rest of the input corrupts: detection, Yubico facts, metadata, objects, PIN,
/// RSA and ECDSA signatures. Only card-layer errors (<see cref="CardException"/>, transport failures) may come out.
/// </summary>
public sealed class PivTarget : FuzzTarget
{
    private const int Modes = 7;
    private static readonly Lazy<byte[]> CardState = new(BuildCard);

    public override string Name => "piv";

    protected override void Execute(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var rest = input[1..].ToArray();
        switch (input[0] % Modes)
        {
            case 0:
                PivCertificateContainer.Parse(rest, out _);
                break;
            case 1:
                PivKeyHistory.Parse(rest);
                break;
            case 2:
                _ = PivChuid.Parse(rest).GuidHex;
                break;
            case 3:
                PivApplicationInfo.Parse(rest);
                break;
            case 4:
                var scripted = new ReplayTransport(rest);
                var driver = PivDriver.TryConnect(new ApduChannel(scripted), out _);
                if (driver == null) return;
                driver.TryGetKeyMetadata(PivSlot.Authentication, out _);
                driver.GetPinMetadata(0x80);
                driver.GetManagementKeyMetadata();
                break;
            case 5:
                foreach (var spec in new[] { KeySpec.Rsa(2048), KeySpec.Ec(EcCurves.Secp256r1) })
                {
                    try
                    {
                        PivPublicKeyParser.ParseTemplate(rest, spec, "fuzz");
                    }
                    catch (CardException)
                    {
                    }
                }
                break;
            default:
                DriveCard(rest);
                break;
        }
    }

    private static void DriveCard(byte[] corruption)
    {
        var card = PivCardEmulator.Restore(CardState.Value);
        var transport = new MutatingTransport(c => card.Process(c), card.Atr, corruption);
        var driver = PivDriver.TryConnect(new ApduChannel(transport), out _);
        if (driver == null) return;
        _ = driver.YubicoSerial;
        _ = driver.FirmwareVersion;
        foreach (var slot in new[] { PivSlot.Authentication, PivSlot.Signature, PivSlot.CardAuthentication, PivSlot.Retired[0] })
        {
            Attempt(() => driver.TryGetKeyMetadata(slot, out _));
            Attempt(() => driver.ReadCertificate(slot));
        }
        Attempt(() => driver.ReadKeyHistory());
        Attempt(() => driver.ReadChuid());
        Attempt(() => driver.GetPinStatus(PivDriver.Pin));
        Attempt(() => driver.VerifyPin(PivDriver.Pin, "123456"u8));
        Attempt(() => driver.Sign(new CardKey(0x9A, 2048), SignatureAlgorithm.RsaPkcs1, SHA256.HashData("fuzz"u8)));
        Attempt(() => driver.SignHash(PivSlot.CardAuthentication, EcCurves.Secp256r1, SHA256.HashData("fuzz"u8)));
        Attempt(() => driver.AuthenticateManagementKey(Hex.Decode("010203040506070801020304050607080102030405060708")));
    }

    /// <summary>Each operation may fail as promised; the next one still runs on the same driver.</summary>
    private static void Attempt(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (IsCardFailure(e))
        {
        }
    }

    private static bool IsCardFailure(Exception e) => e is CardException or CardTransportException;

    protected override bool IsPromisedFailure(Exception e) => IsCardFailure(e);

    public override IEnumerable<byte[]> Seeds()
    {
        var state = PivCardEmulator.Restore(CardState.Value);
        byte[] Answer(string apdu)
        {
            var r = state.Process(Convert.FromHexString(apdu));
            return r[..^2];
        }
        Answer("00A4040005A000000308");
        var certificate = Answer("00CB3FFF055C035FC10500");
        yield return [0, .. certificate[4..]];
        var retired = Answer("00CB3FFF055C035FC10D00");
        yield return [0, .. retired[4..]];
        yield return [1, .. Convert.FromHexString("C10101C20100F30B687474703A2F2F782E7AFE00")];
        yield return [2, .. Convert.FromHexString("3019D4E739DA739CED39CE739D836858210842108421C84210C3EB34104D53A0BFD9C393069B90B9F24011F98C350832303530303130313E00FE00")];
        yield return [3, .. FromTranscript("personalise.apdu", 3)];
        var select = Convert.FromHexString("61114F0600001000010079074F05A000000308");
        yield return [4, .. Frame(select), .. Frame(Answer("00F7009A00")), .. Frame(Answer("00F7008000")), .. Frame(Answer("00F7009B00"))];
        yield return [5, .. Convert.FromHexString("7F4982010981820100") , .. new byte[256].Select((_, i) => (byte)(i == 0 ? 0xC1 : i)), 0x82, 0x03, 0x01, 0x00, 0x01];
        yield return [6];
        yield return [6, 5, 5, 5, 0, 3];
        yield return [6, 5, 5, 5, 5, 5, 5, 1, 7, 0x80];
        yield return [6, 5, 5, 2, 0x6D, 0x00];
    }

    /// <summary>Answers for <see cref="ReplayTransport"/>: 2-byte length, then the answer with its status word.</summary>
    private static byte[] Frame(byte[] data) => [(byte)((data.Length + 2) >> 8), (byte)(data.Length + 2), .. data, 0x90, 0x00];

    private static byte[] FromTranscript(string name, int line)
    {
        var text = File.ReadAllLines(Path.Combine(Fixtures.Directory, "piv", name))[line - 1][2..];
        return Convert.FromHexString(text.Split(' ')[0]);
    }

    /// <summary>The virtual YubiKey as the PIV transcripts' cards were personalised: keys, certificates, key history.</summary>
    private static byte[] BuildCard()
    {
        var card = new PivCardEmulator(87654321);
        var driver = PivDriver.TryConnect(new ApduChannel(card.Transport()), out _)!;
        driver.AuthenticateManagementKey(Hex.Decode("010203040506070801020304050607080102030405060708"));
        driver.GenerateKeyPair(PivSlot.Authentication, KeySpec.Rsa(2048));
        driver.GenerateKeyPair(PivSlot.Signature, KeySpec.Ec(EcCurves.Secp256r1));
        driver.GenerateKeyPair(PivSlot.CardAuthentication, KeySpec.Ec(EcCurves.Secp256r1));
        // The 9A certificate yubico-piv-tool stored on the genuine card: three chained PUT DATA commands.
        var lines = File.ReadAllLines(Path.Combine(Fixtures.Directory, "piv", "personalise.apdu"));
        var first = Array.FindIndex(lines, l => l.StartsWith("> 10DB3FFFFF5C035FC105", StringComparison.Ordinal));
        var data = new[] { first, first + 2, first + 4 }.SelectMany(i => Convert.FromHexString(lines[i][2..])[5..]).ToArray();
        var der = PivCertificateContainer.Parse(data.AsMemory(9), out _); // after 5C 03 5FC105 53 82 xxxx
        driver.WriteCertificate(PivSlot.Authentication, der);
        driver.WriteCertificate(PivSlot.Retired[0], der, compress: true);
        driver.WriteObject(0x5FC10C, Convert.FromHexString("C10101C20100FE00"));
        return card.SaveState();
    }

    /// <summary>A card that answers each command with the next framed answer of the input (then 6A82).</summary>
    private sealed class ReplayTransport(byte[] frames) : ICardTransport
    {
        private int _next;

        public ReadOnlyMemory<byte> Atr => Convert.FromHexString("3BFD1300008131FE158073C021C057597562694B657940");
        public string ReaderName => "fuzzed answers";

        public byte[] Transmit(ReadOnlySpan<byte> command)
        {
            if (_next + 2 > frames.Length) return [0x6A, 0x82];
            var length = frames[_next] << 8 | frames[_next + 1];
            _next += 2;
            var take = Math.Min(length, frames.Length - _next);
            var answer = frames.AsSpan(_next, take).ToArray();
            _next += take;
            return answer;
        }

        public IDisposable BeginTransaction() => new Nothing();

        public void Dispose()
        {
        }

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
