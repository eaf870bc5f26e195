using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

// TEMPORARY: entry points of later issues; each is replaced by its real implementation.
public static partial class Cryptoki
{
    public static ulong GetTokenInfo(ulong slotId, out TokenInfo info)
    {
        info = null!;
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong GetMechanismList(ulong slotId, out ulong[] mechanisms)
    {
        mechanisms = [];
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong GetMechanismInfo(ulong slotId, ulong type, out MechanismInfo info)
    {
        info = default;
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong InitToken(ulong slotId, byte[]? soPin, string label)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong OpenSession(ulong slotId, ulong flags, out ulong session)
    {
        session = 0;
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong CloseSession(ulong session)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong CloseAllSessions(ulong slotId)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong GetSessionInfo(ulong session, out SessionInfo info)
    {
        info = default;
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong SessionCancel(ulong session, ulong flags)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong GetOperationState(ulong session)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong SetOperationState(ulong session)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong Login(ulong session, ulong userType, byte[]? pin)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong Logout(ulong session)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong InitPin(ulong session, byte[]? pin)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong SetPin(ulong session, byte[]? oldPin, byte[]? newPin)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong CreateObject(ulong session, CkAttribute[] template, out ulong handle)
    {
        handle = 0;
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong CopyObject(ulong session, ulong handle, CkAttribute[] template, out ulong newHandle)
    {
        newHandle = 0;
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong DestroyObject(ulong session, ulong handle)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong GetObjectSize(ulong session, ulong handle, out ulong size)
    {
        size = 0;
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong GetAttributeValue(ulong session, ulong handle, ulong[] types, out AttributeValue[] values)
    {
        values = [];
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong SetAttributeValue(ulong session, ulong handle, CkAttribute[] template)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong FindObjectsInit(ulong session, CkAttribute[] template)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong FindObjects(ulong session, int max, out ulong[] handles)
    {
        handles = [];
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong FindObjectsFinal(ulong session)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong EncryptInit(ulong session, Mechanism mechanism, ulong key)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong DecryptInit(ulong session, Mechanism mechanism, ulong key)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong DigestInit(ulong session, Mechanism mechanism)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong DigestKey(ulong session, ulong key)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong SignInit(ulong session, Mechanism mechanism, ulong key)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong SignRecoverInit(ulong session, Mechanism mechanism, ulong key)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong VerifyInit(ulong session, Mechanism mechanism, ulong key)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong VerifyRecoverInit(ulong session, Mechanism mechanism, ulong key)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong DigestUpdate(ulong session, ReadOnlySpan<byte> data)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong SignUpdate(ulong session, ReadOnlySpan<byte> data)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong VerifyUpdate(ulong session, ReadOnlySpan<byte> data)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong Verify(ulong session, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong VerifyFinal(ulong session, ReadOnlySpan<byte> signature)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong GenerateKey(ulong session, Mechanism mechanism, CkAttribute[] template, out ulong key)
    {
        key = 0;
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong GenerateKeyPair(ulong session, Mechanism mechanism, CkAttribute[] publicTemplate, CkAttribute[] privateTemplate, out ulong publicKey, out ulong privateKey)
    {
        publicKey = 0;
        privateKey = 0;
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong WrapKey(ulong session, Mechanism mechanism, ulong wrappingKey, ulong key)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong UnwrapKey(ulong session, Mechanism mechanism, ulong unwrappingKey)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong DeriveKey(ulong session, Mechanism mechanism, ulong baseKey)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong SeedRandom(ulong session, ReadOnlySpan<byte> seed)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong GenerateRandom(ulong session, int length, out byte[] random)
    {
        random = [];
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong LegacyParallelFunction(ulong session)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static ulong MessageBasedFunction(ulong session)
    {
        using var call = Enter();
        return CKR_FUNCTION_NOT_SUPPORTED;
    }

    public static OutputResult Encrypt(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult Decrypt(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult Digest(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult Sign(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult SignRecover(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult VerifyRecover(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult EncryptUpdate(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult DecryptUpdate(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult DigestEncryptUpdate(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult DecryptDigestUpdate(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult SignEncryptUpdate(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult DecryptVerifyUpdate(ulong session, ReadOnlySpan<byte> data, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult EncryptFinal(ulong session, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult DecryptFinal(ulong session, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult DigestFinal(ulong session, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

    public static OutputResult SignFinal(ulong session, OutputRequest output)
    {
        using var call = Enter();
        return new OutputResult(CKR_FUNCTION_NOT_SUPPORTED, null, 0);
    }

}
