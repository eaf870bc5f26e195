using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;
using SharpSC.FullStack.Tests.Token;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// A host on the module through Pkcs11Interop's low-level API: every call answers its raw CK_RV, so a
/// test can say which codes a fault may produce. Holds one C_Initialize for its lifetime.
/// </summary>
public sealed class RawHost : IDisposable
{
    public RawHost()
    {
        P11 = new Pkcs11Library(Module.Path);
        var rv = P11.C_Initialize(new CK_C_INITIALIZE_ARGS { Flags = CKF.CKF_OS_LOCKING_OK });
        if (rv != CKR.CKR_OK) throw new InvalidOperationException("C_Initialize: " + rv);
        Slot = FindSlot();
    }

    public Pkcs11Library P11 { get; }

    public ulong Slot { get; }

    private ulong FindSlot()
    {
        ulong count = 0;
        P11.C_GetSlotList(false, null, ref count);
        var slots = new ulong[count];
        P11.C_GetSlotList(false, slots, ref count);
        foreach (var s in slots)
        {
            var info = new CK_SLOT_INFO();
            P11.C_GetSlotInfo(s, ref info);
            if (ConvertUtils.BytesToUtf8String(info.SlotDescription).Trim() == TokenReader.Name) return s;
        }
        throw new InvalidOperationException("no slot for " + TokenReader.Name);
    }

    public CKR OpenSession(out ulong session)
    {
        session = 0;
        return P11.C_OpenSession(Slot, CKF.CKF_SERIAL_SESSION, IntPtr.Zero, IntPtr.Zero, ref session);
    }

    public CKR Login(ulong session, string pin = TokenReader.Pin) =>
        P11.C_Login(session, CKU.CKU_USER, ConvertUtils.Utf8StringToBytes(pin), (ulong)pin.Length);

    /// <summary>The handles of the objects of a class (and CKA_ID) the session sees.</summary>
    public CKR Find(ulong session, CKO objectClass, byte? id, out ulong[] handles)
    {
        handles = [];
        var template = new List<CK_ATTRIBUTE> { CkaUtils.CreateAttribute(CKA.CKA_CLASS, objectClass) };
        if (id is { } i) template.Add(CkaUtils.CreateAttribute(CKA.CKA_ID, new[] { i }));
        var t = template.ToArray();
        try
        {
            var rv = P11.C_FindObjectsInit(session, t, (ulong)t.Length);
            if (rv != CKR.CKR_OK) return rv;
            var found = new ulong[64];
            ulong n = 0;
            rv = P11.C_FindObjects(session, found, (ulong)found.Length, ref n);
            P11.C_FindObjectsFinal(session);
            handles = found[..(int)n];
            return rv;
        }
        finally
        {
            for (var k = 0; k < t.Length; k++) UnmanagedMemory.Free(ref t[k].value);
        }
    }

    /// <summary>C_SignInit + C_Sign with the private key of that CKA_ID (01 RSA-2048, 03 EC P-256).</summary>
    public CKR Sign(ulong session, byte keyId, byte[] data, out byte[] signature)
    {
        signature = [];
        var rv = Find(session, CKO.CKO_PRIVATE_KEY, keyId, out var keys);
        if (rv != CKR.CKR_OK) return rv;
        if (keys.Length != 1) return CKR.CKR_KEY_HANDLE_INVALID;
        var mechanism = CkmUtils.CreateMechanism(keyId == 1 ? CKM.CKM_SHA256_RSA_PKCS : CKM.CKM_ECDSA_SHA1);
        rv = P11.C_SignInit(session, ref mechanism, keys[0]);
        if (rv != CKR.CKR_OK) return rv;
        var buffer = new byte[512];
        var length = (ulong)buffer.Length;
        rv = P11.C_Sign(session, data, (ulong)data.Length, buffer, ref length);
        if (rv == CKR.CKR_OK) signature = buffer[..(int)length];
        return rv;
    }

    /// <summary>A fresh session, logged in, signs with both keys: what "the next session works" means.</summary>
    public void AssertNextSessionWorks()
    {
        Assert.Equal(CKR.CKR_OK, OpenSession(out var session));
        try
        {
            var rv = Login(session);
            Assert.True(rv is CKR.CKR_OK or CKR.CKR_USER_ALREADY_LOGGED_IN, "C_Login: " + rv);
            Assert.Equal(CKR.CKR_OK, Sign(session, 1, [1, 2, 3], out var rsa));
            Assert.Equal(256, rsa.Length);
            Assert.Equal(CKR.CKR_OK, Sign(session, 3, [4, 5, 6], out var ec));
            Assert.Equal(64, ec.Length);
        }
        finally
        {
            P11.C_CloseSession(session);
        }
    }

    /// <summary>C_Finalize then C_Initialize: what a host does to start over.</summary>
    public void Restart()
    {
        Assert.Equal(CKR.CKR_OK, P11.C_Finalize(IntPtr.Zero));
        Assert.Equal(CKR.CKR_OK, P11.C_Initialize(new CK_C_INITIALIZE_ARGS { Flags = CKF.CKF_OS_LOCKING_OK }));
    }

    public void Dispose()
    {
        P11.C_Finalize(IntPtr.Zero);
        P11.Dispose();
    }
}
