using System.Runtime.InteropServices;
using SharpSC.Native.Abi;

namespace SharpSC.Native;

/// <summary>
/// The function tables handed to hosts, allocated once in native memory and never freed (the module
/// is never unloaded: it links with -z nodelete). Two interfaces named "PKCS 11": 3.0 (the default)
/// and 2.40 (what C_GetFunctionList returns). They share every function except C_GetInfo, which
/// reports the cryptoki version of the table it was reached through.
/// </summary>
internal static unsafe class FunctionTables
{
    public static readonly CK_FUNCTION_LIST* V240;
    public static readonly CK_FUNCTION_LIST_3_0* V30;
    public static readonly CK_INTERFACE* Interfaces;
    public const int InterfaceCount = 2;

    private static readonly byte* InterfaceName;

    static FunctionTables()
    {
        V30 = (CK_FUNCTION_LIST_3_0*)NativeMemory.AllocZeroed((nuint)sizeof(CK_FUNCTION_LIST_3_0));
        V240 = (CK_FUNCTION_LIST*)NativeMemory.AllocZeroed((nuint)sizeof(CK_FUNCTION_LIST));
        Fill30(V30);
        // The 2.40 table is the 3.0 table's prefix, with its own version and C_GetInfo.
        Buffer.MemoryCopy(V30, V240, sizeof(CK_FUNCTION_LIST), sizeof(CK_FUNCTION_LIST));
        V240->version = new CK_VERSION { major = 2, minor = 40 };
        V240->C_GetInfo = &Exports.C_GetInfo_V240;

        var name = "PKCS 11\0"u8;
        InterfaceName = (byte*)NativeMemory.Alloc((nuint)name.Length);
        name.CopyTo(new Span<byte>(InterfaceName, name.Length));

        Interfaces = (CK_INTERFACE*)NativeMemory.AllocZeroed((nuint)(sizeof(CK_INTERFACE) * InterfaceCount));
        Interfaces[0] = new CK_INTERFACE { pInterfaceName = InterfaceName, pFunctionList = V30, flags = default };
        Interfaces[1] = new CK_INTERFACE { pInterfaceName = InterfaceName, pFunctionList = V240, flags = default };
    }

    private static void Fill30(CK_FUNCTION_LIST_3_0* f)
    {
        f->version = new CK_VERSION { major = 3, minor = 0 };
        f->C_Initialize = &Exports.C_Initialize;
        f->C_Finalize = &Exports.C_Finalize;
        f->C_GetInfo = &Exports.C_GetInfo;
        f->C_GetFunctionList = &Exports.C_GetFunctionList;
        f->C_GetSlotList = &Exports.C_GetSlotList;
        f->C_GetSlotInfo = &Exports.C_GetSlotInfo;
        f->C_GetTokenInfo = &Exports.C_GetTokenInfo;
        f->C_GetMechanismList = &Exports.C_GetMechanismList;
        f->C_GetMechanismInfo = &Exports.C_GetMechanismInfo;
        f->C_InitToken = &Exports.C_InitToken;
        f->C_InitPIN = &Exports.C_InitPIN;
        f->C_SetPIN = &Exports.C_SetPIN;
        f->C_OpenSession = &Exports.C_OpenSession;
        f->C_CloseSession = &Exports.C_CloseSession;
        f->C_CloseAllSessions = &Exports.C_CloseAllSessions;
        f->C_GetSessionInfo = &Exports.C_GetSessionInfo;
        f->C_GetOperationState = &Exports.C_GetOperationState;
        f->C_SetOperationState = &Exports.C_SetOperationState;
        f->C_Login = &Exports.C_Login;
        f->C_Logout = &Exports.C_Logout;
        f->C_CreateObject = &Exports.C_CreateObject;
        f->C_CopyObject = &Exports.C_CopyObject;
        f->C_DestroyObject = &Exports.C_DestroyObject;
        f->C_GetObjectSize = &Exports.C_GetObjectSize;
        f->C_GetAttributeValue = &Exports.C_GetAttributeValue;
        f->C_SetAttributeValue = &Exports.C_SetAttributeValue;
        f->C_FindObjectsInit = &Exports.C_FindObjectsInit;
        f->C_FindObjects = &Exports.C_FindObjects;
        f->C_FindObjectsFinal = &Exports.C_FindObjectsFinal;
        f->C_EncryptInit = &Exports.C_EncryptInit;
        f->C_Encrypt = &Exports.C_Encrypt;
        f->C_EncryptUpdate = &Exports.C_EncryptUpdate;
        f->C_EncryptFinal = &Exports.C_EncryptFinal;
        f->C_DecryptInit = &Exports.C_DecryptInit;
        f->C_Decrypt = &Exports.C_Decrypt;
        f->C_DecryptUpdate = &Exports.C_DecryptUpdate;
        f->C_DecryptFinal = &Exports.C_DecryptFinal;
        f->C_DigestInit = &Exports.C_DigestInit;
        f->C_Digest = &Exports.C_Digest;
        f->C_DigestUpdate = &Exports.C_DigestUpdate;
        f->C_DigestKey = &Exports.C_DigestKey;
        f->C_DigestFinal = &Exports.C_DigestFinal;
        f->C_SignInit = &Exports.C_SignInit;
        f->C_Sign = &Exports.C_Sign;
        f->C_SignUpdate = &Exports.C_SignUpdate;
        f->C_SignFinal = &Exports.C_SignFinal;
        f->C_SignRecoverInit = &Exports.C_SignRecoverInit;
        f->C_SignRecover = &Exports.C_SignRecover;
        f->C_VerifyInit = &Exports.C_VerifyInit;
        f->C_Verify = &Exports.C_Verify;
        f->C_VerifyUpdate = &Exports.C_VerifyUpdate;
        f->C_VerifyFinal = &Exports.C_VerifyFinal;
        f->C_VerifyRecoverInit = &Exports.C_VerifyRecoverInit;
        f->C_VerifyRecover = &Exports.C_VerifyRecover;
        f->C_DigestEncryptUpdate = &Exports.C_DigestEncryptUpdate;
        f->C_DecryptDigestUpdate = &Exports.C_DecryptDigestUpdate;
        f->C_SignEncryptUpdate = &Exports.C_SignEncryptUpdate;
        f->C_DecryptVerifyUpdate = &Exports.C_DecryptVerifyUpdate;
        f->C_GenerateKey = &Exports.C_GenerateKey;
        f->C_GenerateKeyPair = &Exports.C_GenerateKeyPair;
        f->C_WrapKey = &Exports.C_WrapKey;
        f->C_UnwrapKey = &Exports.C_UnwrapKey;
        f->C_DeriveKey = &Exports.C_DeriveKey;
        f->C_SeedRandom = &Exports.C_SeedRandom;
        f->C_GenerateRandom = &Exports.C_GenerateRandom;
        f->C_GetFunctionStatus = &Exports.C_GetFunctionStatus;
        f->C_CancelFunction = &Exports.C_CancelFunction;
        f->C_WaitForSlotEvent = &Exports.C_WaitForSlotEvent;
        f->C_GetInterfaceList = &Exports.C_GetInterfaceList;
        f->C_GetInterface = &Exports.C_GetInterface;
        f->C_LoginUser = &Exports.C_LoginUser;
        f->C_SessionCancel = &Exports.C_SessionCancel;
        f->C_MessageEncryptInit = &Exports.C_MessageEncryptInit;
        f->C_EncryptMessage = &Exports.C_EncryptMessage;
        f->C_EncryptMessageBegin = &Exports.C_EncryptMessageBegin;
        f->C_EncryptMessageNext = &Exports.C_EncryptMessageNext;
        f->C_MessageEncryptFinal = &Exports.C_MessageEncryptFinal;
        f->C_MessageDecryptInit = &Exports.C_MessageDecryptInit;
        f->C_DecryptMessage = &Exports.C_DecryptMessage;
        f->C_DecryptMessageBegin = &Exports.C_DecryptMessageBegin;
        f->C_DecryptMessageNext = &Exports.C_DecryptMessageNext;
        f->C_MessageDecryptFinal = &Exports.C_MessageDecryptFinal;
        f->C_MessageSignInit = &Exports.C_MessageSignInit;
        f->C_SignMessage = &Exports.C_SignMessage;
        f->C_SignMessageBegin = &Exports.C_SignMessageBegin;
        f->C_SignMessageNext = &Exports.C_SignMessageNext;
        f->C_MessageSignFinal = &Exports.C_MessageSignFinal;
        f->C_MessageVerifyInit = &Exports.C_MessageVerifyInit;
        f->C_VerifyMessage = &Exports.C_VerifyMessage;
        f->C_VerifyMessageBegin = &Exports.C_VerifyMessageBegin;
        f->C_VerifyMessageNext = &Exports.C_VerifyMessageNext;
        f->C_MessageVerifyFinal = &Exports.C_MessageVerifyFinal;
    }
}
