using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using SharpSC.Pkcs11.Tokens.Card;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Constants.CKU;

namespace SharpSC.Pkcs11.Tests.Support;

/// <summary>The module is one per process: tests that initialise it run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CryptokiCollection
{
    public const string Name = "cryptoki";
}

/// <summary>
/// The engine initialised in-process over a software card: a fake PC/SC with one reader, and the token
/// device factory pointing at <see cref="SoftwareTokenDevice"/>. Calls go to <see cref="Cryptoki"/> as the
/// native layer makes them; <see cref="Rv"/> turns an exception into its CKR as the boundary does.
/// </summary>
internal sealed class EngineHarness : IDisposable
{
    public EngineHarness(SoftwareCard card)
    {
        Card = card;
        Cryptoki.Readers = SoftwareCardReader.Readers;
        Cryptoki.Drivers = SoftwareCardReader.Drivers;
        Cryptoki.OpenDevice = _ => new SoftwareTokenDevice(card);
        Assert.Equal(CKR_OK, Cryptoki.Initialize(InitializeArgs.None));
        Assert.Equal(CKR_OK, Cryptoki.GetSlotList(true, false, out var slots));
        Slot = Assert.Single(slots);
    }

    public SoftwareCard Card { get; }

    public ulong Slot { get; }

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

    public ulong OpenSession(bool readWrite = true)
    {
        Assert.Equal(CKR_OK, Cryptoki.OpenSession(Slot, CKF_SERIAL_SESSION | (readWrite ? CKF_RW_SESSION : 0), out var session));
        return session;
    }

    /// <summary>A read/write session with the user logged in.</summary>
    public ulong UserSession()
    {
        var session = OpenSession();
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(session, CKU_USER, SoftwareCard.Ascii(Card.Pin))));
        return session;
    }

    public ulong Find(ulong session, ulong objectClass, byte id)
    {
        var template = new[] { new CkAttribute(CKA_CLASS, AttributeCodec.ULong(objectClass)), new CkAttribute(CKA_ID, [id]) };
        Assert.Equal(CKR_OK, Cryptoki.FindObjectsInit(session, template));
        Assert.Equal(CKR_OK, Cryptoki.FindObjects(session, 10, out var handles));
        Assert.Equal(CKR_OK, Cryptoki.FindObjectsFinal(session));
        return Assert.Single(handles);
    }

    public ulong PrivateKey(ulong session, byte id) => Find(session, CKO_PRIVATE_KEY, id);

    public ulong PublicKey(ulong session, byte id) => Find(session, CKO_PUBLIC_KEY, id);

    public static byte[] Sign(ulong session, Mechanism mechanism, ulong key, byte[] data)
    {
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(session, mechanism, key)));
        var result = Cryptoki.Sign(session, data, OutputRequest.Buffer(4096));
        Assert.Equal(CKR_OK, result.Rv);
        return result.Data!;
    }

    public static ulong Verify(ulong session, Mechanism mechanism, ulong key, byte[] data, byte[] signature)
    {
        var rv = Rv(() => Cryptoki.VerifyInit(session, mechanism, key));
        return rv != CKR_OK ? rv : Rv(() => Cryptoki.Verify(session, data, signature));
    }

    public static (ulong Rv, byte[]? Data) Decrypt(ulong session, Mechanism mechanism, ulong key, byte[] ciphertext)
    {
        var rv = Rv(() => Cryptoki.DecryptInit(session, mechanism, key));
        if (rv != CKR_OK) return (rv, null);
        try
        {
            var result = Cryptoki.Decrypt(session, ciphertext, OutputRequest.Buffer(4096));
            return (result.Rv, result.Data);
        }
        catch (Pkcs11Exception e)
        {
            return (e.Code, null);
        }
    }

    public static byte[] Attribute(ulong session, ulong handle, ulong type)
    {
        Assert.Equal(CKR_OK, Cryptoki.GetAttributeValue(session, handle, [type], out var values));
        Assert.Equal(CKR_OK, values[0].Status);
        return values[0].Value!;
    }

    public static DeviceCapabilities RawRsaCard(bool keyGeneration = false) => new()
    {
        Signatures = new HashSet<CardSignature> { CardSignature.RsaRaw, CardSignature.EcdsaPrehashed, CardSignature.EdDsa },
        Decryptions = new HashSet<CardDecryption> { CardDecryption.RsaRaw },
        KeyAgreement = true,
        RsaKeySizes = [1024, 2048, 3072, 4096],
        EcFieldSizes = [256, 384, 521],
        Ed25519 = true,
        X25519 = true,
        KeyGeneration = keyGeneration,
        KeyImport = keyGeneration,
    };

    public void Dispose()
    {
        Cryptoki.Finalize(true);
        Cryptoki.Readers = () => new Slots.PcscReaders();
        Cryptoki.Drivers = Cards.Registry.DriverRegistry.Default;
        Cryptoki.OpenDevice = TokenDevices.Open;
    }
}
