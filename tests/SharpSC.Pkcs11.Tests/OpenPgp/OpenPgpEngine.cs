using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Registry;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tests.MultiApplication;
using SharpSC.Pkcs11.Tokens;
using SharpSC.TestSupport;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Constants.CKU;

namespace SharpSC.Pkcs11.Tests.OpenPgp;

/// <summary>
/// The engine over the emulated OpenPGP card, in process: one reader holding the card, the built-in driver table
/// and token-device table (so the OpenPGP token device is what the module would use through pcscd).
/// </summary>
internal sealed class OpenPgpEngine : IDisposable
{
    public const string Reader = "OpenPGP reader 00";
    public static readonly byte[] Pw1 = "123456"u8.ToArray();
    public static readonly byte[] Pw3 = "12345678"u8.ToArray();

    public OpenPgpEngine(OpenPgpEmulatorTransport card, bool initialize = true)
    {
        Card = card;
        var readers = new FakeReaders().Add(Reader, card);
        Cryptoki.Readers = () => readers;
        Cryptoki.Drivers = DriverRegistry.Default;
        Cryptoki.OpenDevice = TokenDevices.Open;
        if (initialize) Initialize();
    }

    public OpenPgpEmulatorTransport Card { get; }

    public ulong Slot { get; private set; }

    public void Initialize()
    {
        Assert.Equal(CKR_OK, Cryptoki.Initialize(InitializeArgs.None));
        Assert.Equal(CKR_OK, Cryptoki.GetSlotList(true, false, out var slots));
        Slot = Assert.Single(slots);
    }

    /// <summary>A card with keys made by the driver (as GnuPG would make them), then reset: the engine starts cold.</summary>
    public static OpenPgpEmulatorTransport Personalised(params (OpenPgpKeyRef Key, string Algorithm)[] keys)
    {
        var card = new OpenPgpEmulatorTransport(0x12345678);
        var driver = OpenPgpDriver.Connect(card);
        driver.Verify(OpenPgpPassword.Pw3, Pw3);
        foreach (var (key, algorithm) in keys)
        {
            driver.SetAlgorithmAttributes(key, AlgorithmAttributes.FromName(algorithm, key)!);
            driver.WriteKeyMetadata(key, driver.GenerateKey(key), DateTimeOffset.UtcNow);
        }
        card.Reset();
        return card;
    }

    public ulong Session(bool readWrite = true)
    {
        Assert.Equal(CKR_OK, Cryptoki.OpenSession(Slot, CKF_SERIAL_SESSION | (readWrite ? CKF_RW_SESSION : 0), out var session));
        return session;
    }

    public ulong UserSession()
    {
        var session = Session();
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, Pw1)));
        return session;
    }

    public ulong SoSession()
    {
        var session = Session();
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_SO, Pw3)));
        return session;
    }

    public static ulong Rv(Func<ulong> call)
    {
        try
        {
            return call();
        }
        catch (Pkcs11Exception e)
        {
            return e.Code;
        }
    }

    public static ulong Rv(Action call) => Rv(() =>
    {
        call();
        return CKR_OK;
    });

    public static ulong[] Find(ulong session, params CkAttribute[] template)
    {
        Assert.Equal(CKR_OK, Cryptoki.FindObjectsInit(session, template));
        Assert.Equal(CKR_OK, Cryptoki.FindObjects(session, 100, out var handles));
        Assert.Equal(CKR_OK, Cryptoki.FindObjectsFinal(session));
        return handles;
    }

    public static ulong FindOne(ulong session, ulong objectClass, byte id) =>
        Assert.Single(Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(objectClass)), new CkAttribute(CKA_ID, [id])));

    public static byte[] Attribute(ulong session, ulong handle, ulong type)
    {
        Assert.Equal(CKR_OK, Cryptoki.GetAttributeValue(session, handle, [type], out var values));
        Assert.Equal(CKR_OK, values[0].Status);
        return values[0].Value!;
    }

    public static ulong ULongAttribute(ulong session, ulong handle, ulong type) =>
        AttributeCodec.ReadULong(new CkAttribute(type, Attribute(session, handle, type)));

    /// <summary>C_SignInit, the PIN again when the key wants it (CKU_CONTEXT_SPECIFIC), C_Sign.</summary>
    public static byte[] Sign(ulong session, Mechanism mechanism, ulong key, byte[] data, byte[]? contextPin = null)
    {
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(session, mechanism, key)));
        if (contextPin != null) Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_CONTEXT_SPECIFIC, contextPin)));
        var result = Cryptoki.Sign(session, data, OutputRequest.Buffer(4096));
        Assert.Equal(CKR_OK, result.Rv);
        return result.Data!;
    }

    public void Dispose()
    {
        Cryptoki.Finalize(true);
        Cryptoki.Readers = () => new Slots.PcscReaders();
        Cryptoki.Drivers = DriverRegistry.Default;
        Cryptoki.OpenDevice = TokenDevices.Open;
    }
}
