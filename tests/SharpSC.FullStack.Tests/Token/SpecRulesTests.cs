using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Token;

/// <summary>
/// The C-level rules hosts rely on, exercised through Pkcs11Interop's low-level API (raw CK_RVs):
/// PKCS#11 3.0 §5.2 output buffers, §5.7 C_GetAttributeValue, operation lifetimes, session flags.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class SpecRulesTests(OpenScCard card) : IClassFixture<OpenScCard>, IDisposable
{
    private readonly Pkcs11Library _p11 = Open();
    private readonly OpenScCard _card = card;
    private ulong? _slotId;

    private ulong Slot => _slotId ??= FindSlot();

    private static Pkcs11Library Open()
    {
        var p11 = new Pkcs11Library(Module.Path);
        Assert.Equal(CKR.CKR_OK, p11.C_Initialize(new CK_C_INITIALIZE_ARGS { Flags = CKF.CKF_OS_LOCKING_OK }));
        return p11;
    }

    private ulong FindSlot()
    {
        ulong count = 0;
        Assert.Equal(CKR.CKR_OK, _p11.C_GetSlotList(true, null, ref count));
        var slots = new ulong[count];
        Assert.Equal(CKR.CKR_OK, _p11.C_GetSlotList(true, slots, ref count));
        foreach (var s in slots)
        {
            var info = new CK_SLOT_INFO();
            _p11.C_GetSlotInfo(s, ref info);
            if (ConvertUtils.BytesToUtf8String(info.SlotDescription).Trim() == TokenReader.Name) return s;
        }
        throw new InvalidOperationException("token slot not found");
    }

    private ulong OpenSession(bool readWrite = false)
    {
        ulong session = 0;
        var flags = CKF.CKF_SERIAL_SESSION | (readWrite ? CKF.CKF_RW_SESSION : 0);
        Assert.Equal(CKR.CKR_OK, _p11.C_OpenSession(Slot, flags, IntPtr.Zero, IntPtr.Zero, ref session));
        return session;
    }

    private void Login(ulong session) =>
        Assert.Equal(CKR.CKR_OK, _p11.C_Login(session, CKU.CKU_USER, ConvertUtils.Utf8StringToBytes(TokenReader.Pin), (ulong)TokenReader.Pin.Length));

    private ulong FindOne(ulong session, CKO objectClass, byte? id = null)
    {
        var template = new List<CK_ATTRIBUTE> { CkaUtils.CreateAttribute(CKA.CKA_CLASS, objectClass) };
        if (id is { } i) template.Add(CkaUtils.CreateAttribute(CKA.CKA_ID, new[] { i }));
        var t = template.ToArray();
        Assert.Equal(CKR.CKR_OK, _p11.C_FindObjectsInit(session, t, (ulong)t.Length));
        var found = new ulong[4];
        ulong n = 0;
        Assert.Equal(CKR.CKR_OK, _p11.C_FindObjects(session, found, 4, ref n));
        Assert.Equal(CKR.CKR_OK, _p11.C_FindObjectsFinal(session));
        for (var k = 0; k < t.Length; k++) UnmanagedMemory.Free(ref t[k].value);
        Assert.Equal(1UL, n);
        return found[0];
    }

    [Fact]
    public void Serial_session_flag_is_required()
    {
        ulong session = 0;
        Assert.Equal(CKR.CKR_SESSION_PARALLEL_NOT_SUPPORTED, _p11.C_OpenSession(Slot, 0, IntPtr.Zero, IntPtr.Zero, ref session));
    }

    [Fact]
    public void Get_attribute_value_processes_every_attribute_despite_errors()
    {
        var session = OpenSession();
        Login(session);
        var key = FindOne(session, CKO.CKO_PRIVATE_KEY, 1);
        var template = new[]
        {
            CkaUtils.CreateAttribute(CKA.CKA_PRIVATE_EXPONENT), // sensitive
            CkaUtils.CreateAttribute(CKA.CKA_MODULUS),          // length query
            CkaUtils.CreateAttribute(CKA.CKA_VALUE_LEN),        // not an attribute of RSA keys
            CkaUtils.CreateAttribute(CKA.CKA_SIGN),             // length query
        };
        var rv = _p11.C_GetAttributeValue(session, key, template, (ulong)template.Length);
        Assert.True(rv is CKR.CKR_ATTRIBUTE_SENSITIVE or CKR.CKR_ATTRIBUTE_TYPE_INVALID, rv.ToString());
        Assert.Equal(ulong.MaxValue, template[0].valueLen);
        Assert.Equal(256UL, template[1].valueLen);
        Assert.Equal(ulong.MaxValue, template[2].valueLen);
        Assert.Equal(1UL, template[3].valueLen);

        var small = new[] { CkaUtils.CreateAttribute(CKA.CKA_MODULUS) };
        small[0].value = UnmanagedMemory.Allocate(10);
        small[0].valueLen = 10;
        Assert.Equal(CKR.CKR_BUFFER_TOO_SMALL, _p11.C_GetAttributeValue(session, key, small, 1));
        Assert.Equal(ulong.MaxValue, small[0].valueLen);
        UnmanagedMemory.Free(ref small[0].value);
        _p11.C_CloseSession(session);
    }

    [Fact]
    public void Sign_length_query_and_short_buffer_keep_the_operation()
    {
        var session = OpenSession();
        Login(session);
        var key = FindOne(session, CKO.CKO_PRIVATE_KEY, 1);
        var mechanism = CkmUtils.CreateMechanism(CKM.CKM_SHA256_RSA_PKCS);
        Assert.Equal(CKR.CKR_OK, _p11.C_SignInit(session, ref mechanism, key));
        Assert.Equal(CKR.CKR_OPERATION_ACTIVE, _p11.C_SignInit(session, ref mechanism, key));
        var data = new byte[] { 1, 2, 3 };
        ulong length = 0;
        var apdus = _card.Card.ApduCount;
        Assert.Equal(CKR.CKR_OK, _p11.C_Sign(session, data, (ulong)data.Length, null, ref length));
        Assert.Equal(256UL, length);
        var small = new byte[100];
        length = 100;
        Assert.Equal(CKR.CKR_BUFFER_TOO_SMALL, _p11.C_Sign(session, data, (ulong)data.Length, small, ref length));
        Assert.Equal(256UL, length);
        Assert.Equal(apdus, _card.Card.ApduCount); // neither call reached the card
        var signature = new byte[256];
        Assert.Equal(CKR.CKR_OK, _p11.C_Sign(session, data, (ulong)data.Length, signature, ref length));
        Assert.Equal(CKR.CKR_OPERATION_NOT_INITIALIZED, _p11.C_Sign(session, data, (ulong)data.Length, signature, ref length));
        _p11.C_CloseSession(session);
    }

    [Fact]
    public void Mechanism_and_key_checks_use_the_spec_codes()
    {
        var session = OpenSession();
        Login(session);
        var rsa = FindOne(session, CKO.CKO_PRIVATE_KEY, 1);
        var ec = FindOne(session, CKO.CKO_PRIVATE_KEY, 3);
        var ecdsa = CkmUtils.CreateMechanism(CKM.CKM_ECDSA_SHA1);
        Assert.Equal(CKR.CKR_KEY_TYPE_INCONSISTENT, _p11.C_SignInit(session, ref ecdsa, rsa));
        var rsaPkcs = CkmUtils.CreateMechanism(CKM.CKM_SHA256_RSA_PKCS);
        Assert.Equal(CKR.CKR_KEY_TYPE_INCONSISTENT, _p11.C_SignInit(session, ref rsaPkcs, ec));
        var unknown = CkmUtils.CreateMechanism(CKM.CKM_AES_CBC);
        Assert.Equal(CKR.CKR_MECHANISM_INVALID, _p11.C_SignInit(session, ref unknown, rsa));
        var withParam = CkmUtils.CreateMechanism(CKM.CKM_SHA256_RSA_PKCS, new byte[] { 1, 2 });
        Assert.Equal(CKR.CKR_MECHANISM_PARAM_INVALID, _p11.C_SignInit(session, ref withParam, rsa));
        UnmanagedMemory.Free(ref withParam.Parameter);
        Assert.Equal(CKR.CKR_KEY_HANDLE_INVALID, _p11.C_SignInit(session, ref rsaPkcs, 987654));
        var decrypt = CkmUtils.CreateMechanism(CKM.CKM_RSA_PKCS);
        Assert.Equal(CKR.CKR_KEY_TYPE_INCONSISTENT, _p11.C_DecryptInit(session, ref decrypt, ec));
        var cert = FindOne(session, CKO.CKO_CERTIFICATE);
        Assert.Equal(CKR.CKR_KEY_HANDLE_INVALID, _p11.C_DecryptInit(session, ref decrypt, cert));
        _p11.C_CloseSession(session);
    }

    [Fact]
    public void Decrypt_of_a_wrong_length_ciphertext_is_encrypted_data_len_range()
    {
        var session = OpenSession();
        Login(session);
        var key = FindOne(session, CKO.CKO_PRIVATE_KEY, 1);
        var mechanism = CkmUtils.CreateMechanism(CKM.CKM_RSA_PKCS);
        Assert.Equal(CKR.CKR_OK, _p11.C_DecryptInit(session, ref mechanism, key));
        var ciphertext = new byte[100];
        var output = new byte[256];
        ulong length = 256;
        Assert.Equal(CKR.CKR_ENCRYPTED_DATA_LEN_RANGE, _p11.C_Decrypt(session, ciphertext, 100, output, ref length));
        _p11.C_CloseSession(session);
    }

    /// <summary>
    /// PKCS#11 3.0 §5.6 C_GetOperationState: nothing to save without an operation (CKR_OPERATION_NOT_INITIALIZED),
    /// a card operation cannot be saved (CKR_STATE_UNSAVEABLE). §5.7 C_CopyObject with §4.1.3: a template may
    /// change only what may change (CKR_ATTRIBUTE_READ_ONLY otherwise); restating a value is no change.
    /// </summary>
    [Fact]
    public void Operation_state_and_copy_templates_answer_the_spec_codes()
    {
        var session = OpenSession();
        Login(session);
        var state = new byte[256];
        ulong stateLength = 256;
        Assert.Equal(CKR.CKR_OPERATION_NOT_INITIALIZED, _p11.C_GetOperationState(session, state, ref stateLength));
        var key = FindOne(session, CKO.CKO_PRIVATE_KEY, 1);
        var mechanism = CkmUtils.CreateMechanism(CKM.CKM_SHA256_RSA_PKCS);
        Assert.Equal(CKR.CKR_OK, _p11.C_SignInit(session, ref mechanism, key));
        stateLength = 256;
        Assert.Equal(CKR.CKR_STATE_UNSAVEABLE, _p11.C_GetOperationState(session, state, ref stateLength));
        var data = new byte[] { 1, 2, 3 };
        var signature = new byte[256];
        ulong length = 256;
        Assert.Equal(CKR.CKR_OK, _p11.C_Sign(session, data, (ulong)data.Length, signature, ref length));
        stateLength = 256;
        Assert.Equal(CKR.CKR_OPERATION_NOT_INITIALIZED, _p11.C_GetOperationState(session, state, ref stateLength));

        var certificate = FindOne(session, CKO.CKO_CERTIFICATE, 1);
        var publicKey = FindOne(session, CKO.CKO_PUBLIC_KEY, 1);
        ulong copy = 0;
        // Into this session (CKA_TOKEN false), with a new label: allowed; the class restated: no change.
        Assert.Equal(CKR.CKR_OK, Copy(session, certificate, ref copy,
            CkaUtils.CreateAttribute(CKA.CKA_TOKEN, false), CkaUtils.CreateAttribute(CKA.CKA_LABEL, "session copy"),
            CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE)));
        Assert.NotEqual(0UL, copy);
        Assert.Equal(CKR.CKR_ATTRIBUTE_READ_ONLY, Copy(session, certificate, ref copy,
            CkaUtils.CreateAttribute(CKA.CKA_TOKEN, false), CkaUtils.CreateAttribute(CKA.CKA_VALUE, new byte[] { 0x30, 0x00 })));
        Assert.Equal(CKR.CKR_ATTRIBUTE_READ_ONLY, Copy(session, certificate, ref copy,
            CkaUtils.CreateAttribute(CKA.CKA_TOKEN, false), CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_DATA)));
        Assert.Equal(CKR.CKR_ATTRIBUTE_READ_ONLY, Copy(session, publicKey, ref copy,
            CkaUtils.CreateAttribute(CKA.CKA_TOKEN, false), CkaUtils.CreateAttribute(CKA.CKA_MODULUS, new byte[] { 0x01, 0x01 })));
        Assert.Equal(CKR.CKR_ATTRIBUTE_READ_ONLY, Copy(session, publicKey, ref copy,
            CkaUtils.CreateAttribute(CKA.CKA_TOKEN, false), CkaUtils.CreateAttribute(CKA.CKA_KEY_TYPE, CKK.CKK_EC)));
        Assert.Equal(CKR.CKR_ACTION_PROHIBITED, Copy(session, key, ref copy, CkaUtils.CreateAttribute(CKA.CKA_TOKEN, false)));
        _p11.C_CloseSession(session);
    }

    private CKR Copy(ulong session, ulong source, ref ulong copy, params CK_ATTRIBUTE[] template)
    {
        try
        {
            return _p11.C_CopyObject(session, source, template, (ulong)template.Length, ref copy);
        }
        finally
        {
            for (var k = 0; k < template.Length; k++) UnmanagedMemory.Free(ref template[k].value);
        }
    }

    [Fact]
    public void Stale_handles_are_rejected()
    {
        var session = OpenSession();
        Assert.Equal(CKR.CKR_OK, _p11.C_CloseSession(session));
        var info = new CK_SESSION_INFO();
        Assert.Equal(CKR.CKR_SESSION_HANDLE_INVALID, _p11.C_GetSessionInfo(session, ref info));
        Assert.Equal(CKR.CKR_SESSION_HANDLE_INVALID, _p11.C_CloseSession(session));
        var other = OpenSession();
        Assert.NotEqual(session, other); // handles are never reused
        _p11.C_CloseSession(other);
    }

    public void Dispose()
    {
        _p11.C_Finalize(IntPtr.Zero);
        _p11.Dispose();
    }
}
