using System.Text;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tests.MultiApplication;
using SharpSC.TestSupport;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Constants.CKU;

namespace SharpSC.Pkcs11.Tests.Piv;

/// <summary>
/// The engine initialised in-process over a virtual YubiKey PIV card (the vcard runtime without pcscd), through
/// the built-in driver table and token-device table: what the module does with a PIV card, APDUs counted.
/// </summary>
internal sealed class PivEngine : IDisposable
{
    public const string Reader = "Yubico YubiKey Emulator 00";

    public PivEngine(PivCardEmulator card)
    {
        Card = card;
        Transport = card.Transport(Reader);
        Cryptoki.Readers = () => new FakeReaders().Add(Reader, Transport);
        Assert.Equal(CKR_OK, Cryptoki.Initialize(InitializeArgs.None));
        Assert.Equal(CKR_OK, Cryptoki.GetSlotList(true, false, out var slots));
        Slot = Assert.Single(slots);
    }

    public PivCardEmulator Card { get; }

    public EmulatorTransport Transport { get; }

    public ulong Slot { get; }

    public static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    public ulong OpenSession(bool readWrite = true)
    {
        Assert.Equal(CKR_OK, Cryptoki.OpenSession(Slot, CKF_SERIAL_SESSION | (readWrite ? CKF_RW_SESSION : 0), out var session));
        return session;
    }

    public ulong UserSession()
    {
        var session = OpenSession();
        Assert.Equal(CKR_OK, Support.EngineHarness.Rv(() => Cryptoki.Login(session, CKU_USER, Ascii(PivCardImage.Pin))));
        return session;
    }

    public ulong SoSession()
    {
        var session = OpenSession();
        Assert.Equal(CKR_OK, Support.EngineHarness.Rv(() => Cryptoki.Login(session, CKU_SO, Ascii(PivCardImage.ManagementKeyHex))));
        return session;
    }

    public static ulong[] Find(ulong session, params CkAttribute[] template)
    {
        Assert.Equal(CKR_OK, Cryptoki.FindObjectsInit(session, template));
        Assert.Equal(CKR_OK, Cryptoki.FindObjects(session, 100, out var handles));
        Assert.Equal(CKR_OK, Cryptoki.FindObjectsFinal(session));
        return handles;
    }

    public static ulong FindOne(ulong session, ulong objectClass, byte id) =>
        Assert.Single(Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(objectClass)), new CkAttribute(CKA_ID, [id])));

    public static string Label(ulong session, ulong handle) => Encoding.UTF8.GetString(Support.EngineHarness.Attribute(session, handle, CKA_LABEL));

    public static bool Bool(ulong session, ulong handle, ulong type) => Support.EngineHarness.Attribute(session, handle, type)[0] != 0;

    public void Dispose()
    {
        Cryptoki.Finalize(true);
        Cryptoki.Readers = () => new Slots.PcscReaders();
    }
}
