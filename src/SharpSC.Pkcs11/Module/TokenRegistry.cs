using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Sessions;
using SharpSC.Pkcs11.Slots;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Module;

/// <summary>
/// Which token is in which slot. A token lives from the card's detection until pcscd reports the card
/// gone or replaced (its event counter moved); then its sessions are closed (PKCS#11 3.0 §5.6: sessions
/// end with the token) and the next use connects to the new card as a new token, needing a new login.
/// </summary>
internal sealed class TokenRegistry(SlotManager slots, SessionTable sessions, HandleCounter handles, Func<Slot, ITokenDevice> connect)
{
    private readonly object _gate = new();

    /// <summary>The token in the slot, connecting to the card when needed; null when no card is in the reader.</summary>
    public Token? TokenIn(Slot slot)
    {
        var (present, counter) = slots.Status(slot);
        lock (_gate)
        {
            var token = slot.Token;
            if (token != null && (!present || token.ReaderEventCounter != counter || token.Removed))
            {
                Retire(token, present ? "replaced" : "removed");
                token = null;
            }
            if (!present) return null;
            if (token != null) return token;
            var device = connect(slot);
            token = new Token(slot, device, counter, handles.Next);
            slot.Token = token;
            Log.Info("token", $"slot {slot.Id}: token \"{token.Description.Label}\" ({token.Description.Model})");
            return token;
        }
    }

    public Token RequireToken(Slot slot) =>
        TokenIn(slot) ?? throw new Pkcs11Exception(CKR_TOKEN_NOT_PRESENT, $"no card in {slot.ReaderName}");

    /// <summary>Is the session's token still the card in the reader? If not, its sessions are closed.</summary>
    public bool StillPresent(Token token)
    {
        if (token.Removed) return false;
        var (present, counter) = slots.Status(token.Slot);
        if (present && counter == token.ReaderEventCounter) return true;
        lock (_gate) Retire(token, present ? "replaced" : "removed");
        return false;
    }

    /// <summary>The token is gone: close its sessions, forget the login, release the card.</summary>
    public void Retire(Token token, string why)
    {
        lock (_gate)
        {
            if (token.Slot.Token == token) token.Slot.Token = null;
            foreach (var s in sessions.OfToken(token)) sessions.Remove(s.Handle);
            if (!token.Removed) Log.Info("token", $"slot {token.Slot.Id}: card {why}; its sessions are closed");
            token.MarkRemoved();
            token.Dispose();
        }
    }
}
