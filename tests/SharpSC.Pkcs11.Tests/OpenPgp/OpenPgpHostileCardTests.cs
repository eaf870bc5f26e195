using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Transport;
using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tests.MultiApplication;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.Pkcs11.Tokens;
using SharpSC.TestSupport;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Tests.OpenPgp.OpenPgpEngine;

namespace SharpSC.Pkcs11.Tests.OpenPgp;

/// <summary>
/// An OpenPGP card whose answers lie (a link that rewrites them): an unknown algorithm ID, a public key that does not
/// fit its attributes, application related data whose templates overrun. Each gives a log line and a spec return
/// code, never a crash, and the card's other keys keep working.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class OpenPgpHostileCardTests : IDisposable
{
    private const string Reader = "Hostile OpenPGP reader 00";
    private readonly string _log = Path.Combine(Path.GetTempPath(), $"sharpsc-openpgp-hostile-{Guid.NewGuid():N}.log");
    private readonly string? _level = Environment.GetEnvironmentVariable(Log.LevelVariable);
    private readonly string? _path = Environment.GetEnvironmentVariable(Log.PathVariable);

    public OpenPgpHostileCardTests()
    {
        Environment.SetEnvironmentVariable(Log.LevelVariable, "2");
        Environment.SetEnvironmentVariable(Log.PathVariable, _log);
    }

    [Fact]
    public void AnUnknownAlgorithmId_HidesThatKeyWithALogLine_TheOthersSign()
    {
        // C3 (authentication key attributes) says algorithm 63, which no specification defines.
        var card = Hostile((command, answer) => command[1] == 0xCA && command[3] == 0x6E
            ? Replace(answer, "C306010800001100", "C306630800001100") : answer);
        var session = Open(card);
        var keys = Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_PUBLIC_KEY)));
        Assert.Equal(2, keys.Length);
        Assert.Empty(Find(session, new CkAttribute(CKA_ID, [3])));
        Assert.Contains("is not shown: unknown algorithm", LogText(), StringComparison.Ordinal);
        SignsWithTheSignatureKey(session);
    }

    [Fact]
    public void APublicKeyThatDoesNotFitItsAttributes_IsADeviceError_WithALogLine_TheOthersSign()
    {
        // The decryption key's attributes say RSA-2048; the card answers a 1024-bit modulus for it.
        var card = Hostile((command, answer) => command[1] == 0x47 && command[2] == 0x81 && command.AsSpan(4).IndexOf((byte)0xB8) >= 0
            ? Convert.FromHexString("7F498188" + "818180" + "C0" + new string('C', 254) + "8203010001" + "9000")
            : answer);
        var session = Open(card);
        var decryption = FindOne(session, CKO_PUBLIC_KEY, 2);
        Assert.Equal(CKR_DEVICE_ERROR, Rv(() => Cryptoki.GetAttributeValue(session, decryption, [CKA_MODULUS], out _)));
        Assert.Contains("modulus", LogText(), StringComparison.OrdinalIgnoreCase);
        SignsWithTheSignatureKey(session);
    }

    [Fact]
    public void ApplicationRelatedDataWithAnOverrunningTemplate_IsNoToken_WithALogLine_TheRealAnswerIsAToken()
    {
        var lie = true;
        var card = Hostile((command, answer) => lie && command[1] == 0xCA && command[3] == 0x6E
            ? [.. answer[..40], 0x90, 0x00] : answer);
        Install(card);
        Assert.Equal(CKR_OK, Cryptoki.GetSlotList(true, false, out var withCard));
        var slot = Assert.Single(withCard);
        Assert.Equal(CKR_TOKEN_NOT_RECOGNIZED, Rv(() => Cryptoki.GetTokenInfo(slot, out _)));
        Assert.Contains("unreadable application related data", LogText(), StringComparison.Ordinal);
        Assert.Equal(CKR_OK, Cryptoki.Finalize(true));

        lie = false;
        var session = Open(card);
        SignsWithTheSignatureKey(session);
    }

    private static HostileTransport Hostile(Func<byte[], byte[], byte[]> rewrite) =>
        new(Personalised((OpenPgpKeyRef.Signature, "rsa2048"), (OpenPgpKeyRef.Decryption, "rsa2048"), (OpenPgpKeyRef.Authentication, "rsa2048")), rewrite);

    /// <summary>The engine with one reader holding <paramref name="card"/>, the built-in driver and token-device tables.</summary>
    private static void Install(HostileTransport card)
    {
        var readers = new FakeReaders().Add(Reader, card);
        Cryptoki.Readers = () => readers;
        Cryptoki.Drivers = DriverRegistry.Default;
        Cryptoki.OpenDevice = TokenDevices.Open;
        Assert.Equal(CKR_OK, Cryptoki.Initialize(InitializeArgs.None));
    }

    private static ulong Open(HostileTransport card)
    {
        Install(card);
        Assert.Equal(CKR_OK, Cryptoki.GetSlotList(true, false, out var slots));
        Assert.Equal(CKR_OK, Cryptoki.OpenSession(Assert.Single(slots), Constants.CKF.CKF_SERIAL_SESSION | Constants.CKF.CKF_RW_SESSION, out var session));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, Constants.CKU.CKU_USER, Pw1)));
        return session;
    }

    private static void SignsWithTheSignatureKey(ulong session)
    {
        var signature = Sign(session, new Mechanism(CKM_SHA256_RSA_PKCS), FindOne(session, CKO_PRIVATE_KEY, 1), "still signs"u8.ToArray(), contextPin: Pw1);
        Assert.Equal(256, signature.Length);
    }

    private static byte[] Replace(byte[] answer, string from, string to)
    {
        var hex = Convert.ToHexString(answer);
        Assert.Contains(from, hex, StringComparison.Ordinal);
        return Convert.FromHexString(hex.Replace(from, to, StringComparison.Ordinal));
    }

    private string LogText() => File.Exists(_log) ? File.ReadAllText(_log) : "";

    public void Dispose()
    {
        Cryptoki.Finalize(true);
        Cryptoki.Readers = () => new Slots.PcscReaders();
        Cryptoki.Drivers = DriverRegistry.Default;
        Cryptoki.OpenDevice = TokenDevices.Open;
        Environment.SetEnvironmentVariable(Log.LevelVariable, _level);
        Environment.SetEnvironmentVariable(Log.PathVariable, _path);
        Log.ConfigureFromEnvironment();
        File.Delete(_log);
    }

    /// <summary>The emulated card behind a link that rewrites its answers.</summary>
    private sealed class HostileTransport(OpenPgpEmulatorTransport card, Func<byte[], byte[], byte[]> rewrite) : ICardTransport
    {
        public ReadOnlyMemory<byte> Atr => card.Atr;

        public string ReaderName => Reader;

        public byte[] Transmit(ReadOnlySpan<byte> command) => rewrite(command.ToArray(), card.Transmit(command));

        public IDisposable BeginTransaction() => card.BeginTransaction();

        public void Dispose()
        {
        }
    }
}
