using System.Security.Cryptography;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Registry;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.Pkcs11.Tokens;
using SharpSC.TestSupport;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Constants.CKS;
using static SharpSC.Pkcs11.Constants.CKU;
using static SharpSC.Pkcs11.Tests.Support.EngineHarness;

namespace SharpSC.Pkcs11.Tests.MultiApplication;

/// <summary>
/// A YubiKey-like card carrying the PIV and OpenPGP applets (as <c>sharpsc-vcard --applet piv,openpgp</c>), in the
/// engine with the built-in driver and token-device tables: two slots for the one reader, a PIV token and an
/// OpenPGP token, each with its own keys, login and signatures, used at once from two threads.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class PivOpenPgpCardTests : IDisposable
{
    private const string Reader = "Yubico YubiKey OTP+FIDO+CCID 00 00";
    private static readonly byte[] PivPin = "123456"u8.ToArray();
    private static readonly byte[] PivManagementKey = "010203040506070801020304050607080102030405060708"u8.ToArray();
    private static readonly byte[] Pw1 = "123456"u8.ToArray();
    private static readonly byte[] Pw3 = "12345678"u8.ToArray();

    private readonly EmulatorTransport _card = new("piv,openpgp");
    private readonly BetweenTransactions _reader;
    private readonly ulong _pivSlot;
    private readonly ulong _openPgpSlot;

    public PivOpenPgpCardTests()
    {
        _reader = new BetweenTransactions(_card);
        var readers = new FakeReaders().Add(Reader, _reader);
        Cryptoki.Readers = () => readers;
        Cryptoki.Drivers = DriverRegistry.Default;
        Cryptoki.OpenDevice = TokenDevices.Open;
        Assert.Equal(CKR_OK, Cryptoki.Initialize(InitializeArgs.None));
        Assert.Equal(CKR_OK, Cryptoki.GetSlotList(true, false, out var slots));
        Assert.Equal(2, slots.Length);
        (_pivSlot, _openPgpSlot) = (slots[0], slots[1]);
    }

    public void Dispose()
    {
        Cryptoki.Finalize(true);
        Cryptoki.Readers = () => new Slots.PcscReaders();
        Cryptoki.Drivers = DriverRegistry.Default;
        Cryptoki.OpenDevice = TokenDevices.Open;
    }

    [Fact]
    public void One_reader_gives_a_piv_slot_and_an_openpgp_slot_each_with_its_own_token()
    {
        Assert.Equal(CKR_OK, Cryptoki.GetSlotInfo(_pivSlot, out var pivSlot));
        Assert.Equal(CKR_OK, Cryptoki.GetSlotInfo(_openPgpSlot, out var openPgpSlot));
        Assert.Equal(Reader, pivSlot.SlotDescription);
        Assert.Equal($"{Reader} (OpenPGP)", openPgpSlot.SlotDescription);
        Assert.NotEqual(0UL, pivSlot.Flags & CKF_TOKEN_PRESENT);
        Assert.NotEqual(0UL, openPgpSlot.Flags & CKF_TOKEN_PRESENT);

        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(_pivSlot, out var piv));
        Assert.Equal(CKR_OK, Cryptoki.GetTokenInfo(_openPgpSlot, out var openPgp));
        Assert.Equal(("Yubico", "YubiKey PIV"), (piv.ManufacturerId, piv.Model));
        Assert.Equal($"YubiKey PIV #{piv.SerialNumber}", piv.Label);
        Assert.Equal(("OpenPGP project", "OpenPGP 3.4"), (openPgp.ManufacturerId, openPgp.Model));
        Assert.StartsWith("OpenPGP card ", openPgp.Label);
        Assert.EndsWith(openPgp.Label["OpenPGP card ".Length..], openPgp.SerialNumber, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(piv.SerialNumber, openPgp.SerialNumber);

        // Each token lists its own application's objects: a blank PIV card has its discovery object, a blank
        // OpenPGP card nothing public.
        var pivSession = Session(_pivSlot);
        var openPgpSession = Session(_openPgpSlot);
        Assert.Contains("Discovery Object", Find(pivSession).Select(h => Label(pivSession, h)));
        Assert.DoesNotContain(Find(openPgpSession), h => Label(openPgpSession, h) == "Discovery Object");
        Assert.Equal(CKR_OK, Cryptoki.GetSessionInfo(pivSession, out var pivInfo));
        Assert.Equal(CKR_OK, Cryptoki.GetSessionInfo(openPgpSession, out var openPgpInfo));
        Assert.Equal((_pivSlot, _openPgpSlot), (pivInfo.SlotId, openPgpInfo.SlotId));
    }

    [Fact]
    public async Task Both_tokens_generate_and_sign_at_once_from_two_threads_and_each_login_stays_with_its_token()
    {
        var pivSession = Session(_pivSlot);
        var openPgpSession = Session(_openPgpSlot);

        // Keys made by each token's security officer: the PIV management key, the OpenPGP PW3.
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(pivSession, CKU_SO, PivManagementKey)));
        var pivPublic = GenerateP256(pivSession, 0x01);
        Assert.Equal(CKR_OK, Cryptoki.Logout(pivSession));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(openPgpSession, CKU_SO, Pw3)));
        var openPgpPublic = GenerateP256(openPgpSession, 0x03);
        Assert.Equal(CKR_OK, Cryptoki.Logout(openPgpSession));
        Assert.NotEqual(Attribute(pivSession, pivPublic, CKA_EC_POINT), Attribute(openPgpSession, openPgpPublic, CKA_EC_POINT));

        // A login on one token does not log in the other.
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(pivSession, CKU_USER, PivPin)));
        Assert.Equal(CKS_RW_USER_FUNCTIONS, State(pivSession));
        Assert.Equal(CKS_RW_PUBLIC_SESSION, State(openPgpSession));
        var pivKey = PrivateKey(pivSession, 0x01);
        Assert.Empty(Find(openPgpSession, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_PRIVATE_KEY))));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(openPgpSession, CKU_USER, Pw1)));
        Assert.Equal(CKS_RW_USER_FUNCTIONS, State(openPgpSession));
        var openPgpKey = PrivateKey(openPgpSession, 0x03);

        // Both at once: each thread's signatures verify with its own token's public key.
        using var pivVerifier = Verifier(pivSession, pivPublic);
        using var openPgpVerifier = Verifier(openPgpSession, openPgpPublic);
        var sent = _card.Sent.Count;
        var pivSigner = Task.Run(() => SignAndVerify(pivSession, pivKey, pivVerifier, "PIV"));
        var openPgpSigner = Task.Run(() => SignAndVerify(openPgpSession, openPgpKey, openPgpVerifier, "OpenPGP"));
        await Task.WhenAll(pivSigner, openPgpSigner).WaitAsync(TimeSpan.FromMinutes(2));
        // The card went from one application to the other (SELECT by AID) while both signed.
        Assert.Contains(_card.Sent.Skip(sent), command => command.StartsWith("00A40400", StringComparison.Ordinal));

        // Logging out of one leaves the other logged in and signing.
        Assert.Equal(CKR_OK, Cryptoki.Logout(pivSession));
        Assert.Equal(CKS_RW_PUBLIC_SESSION, State(pivSession));
        Assert.Empty(Find(pivSession, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_PRIVATE_KEY)), new CkAttribute(CKA_ID, [0x01])));
        Assert.Equal(CKS_RW_USER_FUNCTIONS, State(openPgpSession));
        SignAndVerify(openPgpSession, openPgpKey, openPgpVerifier, "OpenPGP after the PIV logout", rounds: 1);
    }

    [Fact]
    public void A_token_that_presents_its_pin_again_keeps_the_card_until_the_operation_is_repeated()
    {
        var openPgpSession = Session(_openPgpSlot);
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(openPgpSession, CKU_SO, Pw3)));
        var openPgpPublic = GenerateP256(openPgpSession, 0x03);
        Assert.Equal(CKR_OK, Cryptoki.Logout(openPgpSession));
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.Login(openPgpSession, CKU_USER, Pw1)));
        var openPgpKey = PrivateKey(openPgpSession, 0x03);
        using var verifier = Verifier(openPgpSession, openPgpPublic);

        // The PIV token reads its objects: the PIV application is selected, the OpenPGP one forgets PW1, and the
        // OpenPGP token presents it again. Another program selects PIV as soon as the card is free after that
        // VERIFY: had the token let the card go between presenting the PIN again and signing, the signature would
        // meet the PIV application.
        var pivSession = Session(_pivSlot);
        Assert.NotEmpty(Find(pivSession));
        _reader.AfterVerify = () => Assert.Equal([0x90, 0x00], _card.Transmit(SelectPiv)[^2..]);
        SignAndVerify(openPgpSession, openPgpKey, verifier, "OpenPGP after a PIV SELECT", rounds: 1);
        Assert.Null(_reader.AfterVerify);
        // VERIFY, INTERNAL AUTHENTICATE, and only then the other program's SELECT.
        Assert.Equal(["0020", "0088", "00A4"], _card.Sent.TakeLast(3).Select(c => c[..4]));
    }

    private static readonly byte[] SelectPiv = Convert.FromHexString("00A404000BA000000308000010000100");

    /// <summary>
    /// The card's transport, with what another program does to the card between this process's transactions: it
    /// runs <see cref="AfterVerify"/> once, when the card is next free after a VERIFY.
    /// </summary>
    private sealed class BetweenTransactions(EmulatorTransport card) : Cards.Transport.ICardTransport
    {
        private int _depth;
        private bool _verified;

        public Action? AfterVerify { get; set; }

        public ReadOnlyMemory<byte> Atr => card.Atr;

        public string ReaderName => card.ReaderName;

        public byte[] Transmit(ReadOnlySpan<byte> command)
        {
            if (AfterVerify != null && command.Length > 1 && command[1] == 0x20) _verified = true;
            return card.Transmit(command);
        }

        public IDisposable BeginTransaction()
        {
            _depth++;
            return new Scope(this, card.BeginTransaction());
        }

        public void Dispose() => card.Dispose();

        private void Ended()
        {
            if (--_depth > 0 || !_verified || AfterVerify is not { } action) return;
            (AfterVerify, _verified) = (null, false);
            action();
        }

        private sealed class Scope(BetweenTransactions owner, IDisposable inner) : IDisposable
        {
            private bool _done;

            public void Dispose()
            {
                if (_done) return;
                _done = true;
                inner.Dispose();
                owner.Ended();
            }
        }
    }

    private static ulong Session(ulong slot)
    {
        Assert.Equal(CKR_OK, Cryptoki.OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, out var session));
        return session;
    }

    private static ulong State(ulong session)
    {
        Assert.Equal(CKR_OK, Cryptoki.GetSessionInfo(session, out var info));
        return info.State;
    }

    private static ulong[] Find(ulong session, params CkAttribute[] template)
    {
        Assert.Equal(CKR_OK, Cryptoki.FindObjectsInit(session, template));
        Assert.Equal(CKR_OK, Cryptoki.FindObjects(session, 100, out var handles));
        Assert.Equal(CKR_OK, Cryptoki.FindObjectsFinal(session));
        return handles;
    }

    private static string Label(ulong session, ulong handle) => System.Text.Encoding.UTF8.GetString(Attribute(session, handle, CKA_LABEL));

    /// <summary>A P-256 key pair made on the token in the key slot <paramref name="id"/> names; its public key.</summary>
    private static ulong GenerateP256(ulong session, byte id)
    {
        ulong publicKey = 0;
        Assert.Equal(CKR_OK, Rv(() => Cryptoki.GenerateKeyPair(session, new Mechanism(CKM_EC_KEY_PAIR_GEN),
            [new CkAttribute(CKA_EC_PARAMS, EcCurves.Secp256r1.OidDer), new CkAttribute(CKA_ID, [id])],
            [new CkAttribute(CKA_ID, [id]), new CkAttribute(CKA_SIGN, AttributeCodec.Bool(true))], out publicKey, out _)));
        Assert.Equal([publicKey], Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_PUBLIC_KEY)), new CkAttribute(CKA_ID, [id])));
        return publicKey;
    }

    private static ulong PrivateKey(ulong session, byte id) =>
        Assert.Single(Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_PRIVATE_KEY)), new CkAttribute(CKA_ID, [id])));

    /// <summary>The token's public key as a host verifier (CKA_EC_POINT: DER OCTET STRING of the uncompressed point).</summary>
    private static ECDsa Verifier(ulong session, ulong publicKey)
    {
        var point = Attribute(session, publicKey, CKA_EC_POINT);
        Assert.Equal((0x04, 65, 0x04), (point[0], (int)point[1], point[2]));
        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[3..35], Y = point[35..67] },
        });
    }

    private static void SignAndVerify(ulong session, ulong key, ECDsa verifier, string who, int rounds = 25)
    {
        for (var i = 0; i < rounds; i++)
        {
            var message = System.Text.Encoding.UTF8.GetBytes($"{who} signature {i}");
            Assert.Equal(CKR_OK, Rv(() => Cryptoki.SignInit(session, new Mechanism(CKM_ECDSA_SHA256), key)));
            var result = Cryptoki.Sign(session, message, OutputRequest.Buffer(256));
            Assert.Equal(CKR_OK, result.Rv);
            Assert.Equal(64, result.Data!.Length);
            Assert.True(verifier.VerifyData(message, result.Data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                $"{who} signature {i} does not verify");
        }
    }
}
