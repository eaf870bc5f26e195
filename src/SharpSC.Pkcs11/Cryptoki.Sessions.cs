using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Sessions;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11;

/// <summary>Session management (PKCS#11 3.0 §5.6).</summary>
public static partial class Cryptoki
{
    public static ulong OpenSession(ulong slotId, ulong flags, out ulong session)
    {
        session = 0;
        using var call = Enter();
        if ((flags & CKF_SERIAL_SESSION) == 0) return CKR_SESSION_PARALLEL_NOT_SUPPORTED;
        var token = call.State.Tokens.RequireToken(FindSlot(call.State, slotId));
        var readWrite = (flags & CKF_RW_SESSION) != 0;
        if (!readWrite && token.Login.IsSecurityOfficer) return CKR_SESSION_READ_WRITE_SO_EXISTS;
        if (readWrite && token.Description.ReadOnly) return CKR_TOKEN_WRITE_PROTECTED;
        var s = new Session(call.State.Handles.Next(), token, readWrite);
        call.State.Sessions.Add(s);
        session = s.Handle;
        return CKR_OK;
    }

    public static ulong CloseSession(ulong session)
    {
        using var call = Enter();
        var s = call.State.Sessions.Get(session) ?? throw SessionInvalid(session);
        Close(call.State, s);
        return CKR_OK;
    }

    public static ulong CloseAllSessions(ulong slotId)
    {
        using var call = Enter();
        var slot = FindSlot(call.State, slotId);
        var token = slot.Token;
        if (token == null) return CKR_OK;
        foreach (var s in call.State.Sessions.OfToken(token)) Close(call.State, s);
        return CKR_OK;
    }

    public static ulong GetSessionInfo(ulong session, out SessionInfo info)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        info = new SessionInfo(s.Token.Slot.Id, s.State, s.Flags, 0);
        return CKR_OK;
    }

    /// <summary>C_SessionCancel (PKCS#11 3.0 §5.6.8): ends the named operations; nothing is ever running in the background.</summary>
    public static ulong SessionCancel(ulong session, ulong flags)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate) s.Cancel(flags);
        return CKR_OK;
    }

    /// <summary>
    /// C_GetOperationState (PKCS#11 3.0 §5.6.9): a session with no encryption, decryption, digest, signature
    /// or verification going on has nothing to save (CKR_OPERATION_NOT_INITIALIZED); one that has holds
    /// card state (a selected key, a verified PIN) that cannot leave the card (CKR_STATE_UNSAVEABLE).
    /// </summary>
    public static ulong GetOperationState(ulong session)
    {
        using var call = Enter();
        var s = SessionOf(call.State, session);
        lock (s.Gate) return s.HasCryptographicOperation ? CKR_STATE_UNSAVEABLE : CKR_OPERATION_NOT_INITIALIZED;
    }

    public static ulong SetOperationState(ulong session)
    {
        using var call = Enter();
        SessionOf(call.State, session);
        return CKR_SAVED_STATE_INVALID;
    }

    /// <summary>Closes a session; the last session of a token ends its login (PKCS#11 3.0 §5.6.3).</summary>
    private static void Close(ModuleState state, Session s)
    {
        lock (s.Gate) s.CancelAll();
        state.Sessions.Remove(s.Handle);
        s.Token.DropSessionObjects(s.Handle);
        if (state.Sessions.OfToken(s.Token).Count == 0 && s.Token.Login.Role != null)
        {
            s.Token.Login.Clear();
            if (!s.Token.Removed)
            {
                try
                {
                    s.Token.WithCard(d => d.Logout());
                }
                catch (Pkcs11Exception)
                {
                    // The card went away: its login went with it.
                }
            }
        }
    }

    /// <summary>The session, whose token must still be the card in the reader.</summary>
    private static Session SessionOf(ModuleState state, ulong handle)
    {
        var s = state.Sessions.Get(handle) ?? throw SessionInvalid(handle);
        if (!state.Tokens.StillPresent(s.Token))
            throw new Pkcs11Exception(CKR_DEVICE_REMOVED, $"the card of session {handle} was removed");
        return s;
    }

    private static Pkcs11Exception SessionInvalid(ulong handle) =>
        new(CKR_SESSION_HANDLE_INVALID, $"no session {handle}");
}
