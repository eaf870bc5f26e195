using SharpSC.Pkcs11.Operations;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKS;

namespace SharpSC.Pkcs11.Sessions;

/// <summary>
/// One session (PKCS#11 3.0 §5.6): its token, read-only or read/write, and its active operations — at
/// most one of each kind (find, encrypt, decrypt, digest, sign, verify), as OpenSC and SoftHSM allow.
/// </summary>
internal sealed class Session
{
    public Session(ulong handle, Token token, bool readWrite)
    {
        Handle = handle;
        Token = token;
        ReadWrite = readWrite;
    }

    public ulong Handle { get; }

    public Token Token { get; }

    public bool ReadWrite { get; }

    public readonly object Gate = new();

    public FindOperation? Find { get; set; }
    public EncryptOperation? Encrypt { get; set; }
    public DecryptOperation? Decrypt { get; set; }
    public DigestOperation? Digest { get; set; }
    public SignOperation? Sign { get; set; }
    public VerifyOperation? Verify { get; set; }

    /// <summary>An operation whose state C_GetOperationState could be asked to save (all but a search).</summary>
    public bool HasCryptographicOperation => Encrypt != null || Decrypt != null || Digest != null || Sign != null || Verify != null;

    /// <summary>CK_STATE from the token's login state (PKCS#11 3.0 §5.6 session states).</summary>
    public ulong State => Token.Login.Role switch
    {
        UserRole.User => ReadWrite ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS,
        UserRole.SecurityOfficer => CKS_RW_SO_FUNCTIONS,
        _ => ReadWrite ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION,
    };

    public ulong Flags => CKF_SERIAL_SESSION | (ReadWrite ? CKF_RW_SESSION : 0);

    /// <summary>C_SessionCancel: ends the operations named by the CKF_* flags.</summary>
    public void Cancel(ulong flags)
    {
        if ((flags & CKF_FIND_OBJECTS) != 0) Find = null;
        if ((flags & CKF_ENCRYPT) != 0) Encrypt = null;
        if ((flags & CKF_DECRYPT) != 0) Decrypt = null;
        if ((flags & CKF_DIGEST) != 0) Digest = null;
        if ((flags & CKF_SIGN) != 0) Sign = null;
        if ((flags & CKF_VERIFY) != 0) Verify = null;
    }

    public void CancelAll() => Cancel(ulong.MaxValue);
}
