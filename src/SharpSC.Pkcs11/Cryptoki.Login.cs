using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Sessions;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Constants.CKU;

namespace SharpSC.Pkcs11;

/// <summary>Login, logout and PIN management (PKCS#11 3.0 §5.6).</summary>
public static partial class Cryptoki
{
    /// <summary>
    /// C_Login. The PIN goes to the card once: a wrong PIN is reported with the card's counter and
    /// never retried. The login is shared by all sessions of the token.
    /// </summary>
    public static ulong Login(ulong session, ulong userType, byte[]? pin)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        var token = s.Token;
        if (userType is not (CKU_USER or CKU_SO or CKU_CONTEXT_SPECIFIC)) return CKR_USER_TYPE_INVALID;
        if (pin == null)
        {
            // NULL PIN = protected authentication path (PIN pad); we offer none.
            return token.Description.ProtectedAuthenticationPath ? CKR_FUNCTION_NOT_SUPPORTED : CKR_ARGUMENTS_BAD;
        }

        if (userType == CKU_CONTEXT_SPECIFIC) return LoginForOperation(s, pin);

        var role = userType == CKU_SO ? UserRole.SecurityOfficer : UserRole.User;
        if (token.Login.Role == role) return CKR_USER_ALREADY_LOGGED_IN;
        if (token.Login.Role != null) return CKR_USER_ANOTHER_ALREADY_LOGGED_IN;
        if (role == UserRole.User && (!token.Description.UserPinInitialized || !token.UserPinStatus().IsSet)) return CKR_USER_PIN_NOT_INITIALIZED;
        if (role == UserRole.SecurityOfficer && call.State.Sessions.OfToken(token).Any(x => !x.ReadWrite))
            return CKR_SESSION_READ_ONLY_EXISTS;
        // The SO's secret is the card's to judge (a PUK, PIV's management key in hex): it goes to the device as given.
        if (role == UserRole.User) CheckPinLength(token, pin);

        try
        {
            token.WithCard(d => d.VerifyPin(role, pin));
        }
        finally
        {
            token.ForgetPinStatus();
        }
        token.Login.LoggedIn(role, pin);
        return CKR_OK;
    }

    /// <summary>
    /// CKU_CONTEXT_SPECIFIC (PKCS#11 3.0 §5.6 C_Login, §5.11 C_Sign): after C_SignInit or C_DecryptInit with a
    /// CKA_ALWAYS_AUTHENTICATE key and before the operation's C_Sign / C_Decrypt, the PIN for that one use,
    /// verified the way the card wants it for that key. A wrong PIN leaves the operation waiting for another try.
    /// </summary>
    private static ulong LoginForOperation(Session s, byte[] pin)
    {
        lock (s.Gate)
        {
            var keys = new List<PrivateKeyObject>();
            if (s.Sign is { NeedsContextLogin: true } sign) keys.Add(sign.Key);
            if (s.Decrypt is { NeedsContextLogin: true } decrypt && !keys.Contains(decrypt.Key)) keys.Add(decrypt.Key);
            if (keys.Count == 0) return CKR_OPERATION_NOT_INITIALIZED;
            if (!s.Token.Login.IsUser) return CKR_USER_NOT_LOGGED_IN;
            CheckPinLength(s.Token, pin);
            try
            {
                s.Token.WithCard(d =>
                {
                    foreach (var key in keys) d.VerifyForKey(key, pin);
                });
            }
            finally
            {
                s.Token.ForgetPinStatus();
            }
            if (s.Sign != null) s.Sign.NeedsContextLogin = false;
            if (s.Decrypt != null) s.Decrypt.NeedsContextLogin = false;
            return CKR_OK;
        }
    }

    public static ulong Logout(ulong session)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        var token = s.Token;
        if (token.Login.Role == null) return CKR_USER_NOT_LOGGED_IN;
        token.Login.Clear();
        token.WithCard(d => d.Logout());
        return CKR_OK;
    }

    /// <summary>
    /// C_InitPIN: the SO sets a new user PIN. On cards whose SO authority is the PUK (IsoApplet), this
    /// is an unblock with the PUK given at C_Login(CKU_SO).
    /// </summary>
    public static ulong InitPin(ulong session, byte[]? pin)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        if (!s.Token.Login.IsSecurityOfficer || !s.ReadWrite) return CKR_USER_NOT_LOGGED_IN;
        if (pin == null) return CKR_ARGUMENTS_BAD;
        CheckPinLength(s.Token, pin);
        var puk = s.Token.Login.Pin.ToArray();
        try
        {
            s.Token.WithCard(d => d.UnblockPin(puk, pin));
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(puk);
            s.Token.ForgetPinStatus();
        }
        return CKR_OK;
    }

    /// <summary>
    /// C_SetPIN: changes the PIN of the logged-in user, or the user PIN in a public session; with the SO logged
    /// in, the SO's secret, whose form the device judges (as at C_Login).
    /// </summary>
    public static ulong SetPin(ulong session, byte[]? oldPin, byte[]? newPin)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        if (!s.ReadWrite) return CKR_SESSION_READ_ONLY;
        if (oldPin == null || newPin == null) return CKR_ARGUMENTS_BAD;
        var role = s.Token.Login.IsSecurityOfficer ? UserRole.SecurityOfficer : UserRole.User;
        if (role == UserRole.User) CheckPinLength(s.Token, newPin);
        try
        {
            s.Token.WithCard(d => d.ChangePin(role, oldPin, newPin));
        }
        finally
        {
            s.Token.ForgetPinStatus();
        }
        if (s.Token.Login.Role == role) s.Token.Login.LoggedIn(role, newPin);
        return CKR_OK;
    }

    private static void CheckPinLength(Token token, byte[] pin)
    {
        var d = token.Description;
        if (pin.Length < d.MinPinLength || pin.Length > d.MaxPinLength)
            throw new Pkcs11Exception(CKR_PIN_LEN_RANGE, $"a PIN of this token has {d.MinPinLength} to {d.MaxPinLength} characters");
    }
}
