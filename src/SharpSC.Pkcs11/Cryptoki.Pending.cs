using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

// TEMPORARY: entry points of later issues; each is replaced by its real implementation.
public static partial class Cryptoki
{
    public static ulong InitToken(ulong slotId, byte[]? soPin, string label)
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

    public static ulong SetAttributeValue(ulong session, ulong handle, CkAttribute[] template)
    {
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
}
