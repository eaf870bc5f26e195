using SharpSC.Cards.Registry;
using SharpSC.Diagnostics;
using SharpSC.Pkcs11.Sessions;
using SharpSC.Pkcs11.Slots;
using SharpSC.Pkcs11.Tokens;
using SharpSC.Pkcs11.Tokens.Piv;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Module;

/// <summary>
/// Which card is in which reader, which applications it carries, and which token is in which slot. The
/// applications of a card are found once per insertion (pcscd's event counter), over one connection their
/// tokens share; a card with several gives each after the first a slot of its own (<see cref="Slot"/>). A
/// token lives from its first use until pcscd reports the card gone or replaced (its event counter moved);
/// then its sessions are closed (PKCS#11 3.0 §5.6: sessions end with the token) and the next use connects
/// to the new card as a new token, needing a new login. Each token of a removed card notices on its own.
/// </summary>
internal sealed class TokenRegistry(SlotManager slots, SessionTable sessions, HandleCounter handles, DriverRegistry drivers,
    Func<CardApplication, ITokenDevice>? openDevice = null)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, InsertedCard> _cards = new(StringComparer.Ordinal);
    private readonly Dictionary<Token, InsertedCard> _cardOf = [];
    private readonly PivCardAuthenticationToken.Mode _cardAuthentication = PivCardAuthenticationToken.FromEnvironment();

    /// <summary>
    /// Finds the applications on the cards in the present readers that were not looked at since their
    /// insertion, and gives every application after a card's first a slot. Returns the slots that appeared.
    /// A card that cannot be read now is left for the next call (logged).
    /// </summary>
    public IReadOnlyList<Slot> DiscoverApplications()
    {
        var appeared = new List<Slot>();
        foreach (var slot in slots.PresentSlots.Where(s => s.Application is null))
        {
            var (present, counter) = slots.Status(slot);
            if (!present) continue;
            try
            {
                lock (_gate)
                {
                    foreach (var application in CardIn(slot.ReaderName, counter, askAgain: false).Applications.Found.Skip(1))
                    {
                        var extra = slots.SlotFor(slot.ReaderName, application.Name, out var created);
                        if (created) appeared.Add(extra);
                    }
                }
            }
            catch (Exception e) when (e is Pkcs11Exception or Cards.Transport.CardTransportException or Cards.Errors.CardException)
            {
                Log.Info("slots", $"{slot.ReaderName}: the card's applications could not be read now: {e.Message}");
            }
        }
        return appeared;
    }

    /// <summary>
    /// Does the slot hold a token now? A reader's first slot does whenever a card is in the reader (one it
    /// cannot use answers CKR_TOKEN_NOT_RECOGNIZED when asked); a further slot when the card carries its application.
    /// </summary>
    public bool TokenPresent(Slot slot)
    {
        var (present, counter) = slots.Status(slot);
        if (!present) return false;
        if (slot.Application is null) return true;
        try
        {
            lock (_gate) return CardIn(slot.ReaderName, counter, askAgain: false).ApplicationFor(slot) != null;
        }
        catch (Exception e) when (e is Pkcs11Exception or Cards.Transport.CardTransportException or Cards.Errors.CardException)
        {
            Log.Info("slots", $"{slot.Description}: {e.Message}");
            return false;
        }
    }

    /// <summary>The token in the slot, connecting to the card when needed; null when the slot holds none.</summary>
    public Token? TokenIn(Slot slot)
    {
        var (present, counter) = slots.Status(slot);
        lock (_gate)
        {
            var token = slot.Token;
            if (token != null && (!present || token.ReaderEventCounter != counter || token.Removed))
            {
                Retire(token, present ? "replaced" : "removed", cardGone: true);
                token = null;
            }
            if (!present) return null;
            if (token != null) return token;
            var card = CardIn(slot.ReaderName, counter, askAgain: slot.Application is null);
            var application = card.ApplicationFor(slot);
            if (application == null)
            {
                if (slot.Application != null) return null; // this card does not carry the slot's application
                throw new Pkcs11Exception(CKR_TOKEN_NOT_RECOGNIZED, $"no driver for the card in {slot.ReaderName}: {card.Applications.Reason}");
            }
            var device = (openDevice ?? TokenDevices.Open)(application);
            token = new Token(slot, device, counter, handles.Next);
            slot.Token = token;
            card.Attach(token);
            _cardOf[token] = card;
            Log.Info("token", $"slot {slot.Id}: token \"{token.Description.Label}\" ({token.Description.Model})");
            return token;
        }
    }

    public Token RequireToken(Slot slot) =>
        TokenIn(slot) ?? throw new Pkcs11Exception(CKR_TOKEN_NOT_PRESENT, $"no card in {slot.ReaderName}" +
            (slot.Application is null ? "" : $" with the {slot.Application} application"));

    /// <summary>Is the session's token still the card in the reader? If not, its sessions are closed.</summary>
    public bool StillPresent(Token token)
    {
        if (token.Removed) return false;
        var (present, counter) = slots.Status(token.Slot);
        if (present && counter == token.ReaderEventCounter) return true;
        lock (_gate) Retire(token, present ? "replaced" : "removed", cardGone: true);
        return false;
    }

    /// <summary>The token ends while its card stays (C_InitToken): the next use makes a new token of the same application.</summary>
    public void Retire(Token token, string why)
    {
        lock (_gate) Retire(token, why, cardGone: false);
    }

    /// <summary>C_Finalize: every token retired, every card connection closed.</summary>
    public void ReleaseAll(string why)
    {
        lock (_gate)
        {
            foreach (var token in _cardOf.Keys.ToArray()) Retire(token, why, cardGone: false);
            foreach (var card in _cards.Values) card.Dispose();
            _cards.Clear();
        }
    }

    /// <summary>
    /// The token is gone: close its sessions, forget the login, release the device. When its card is gone
    /// (removed or replaced), the card's connection closes with its last token.
    /// </summary>
    private void Retire(Token token, string why, bool cardGone)
    {
        if (token.Slot.Token == token) token.Slot.Token = null;
        foreach (var s in sessions.OfToken(token)) sessions.Remove(s.Handle);
        if (!token.Removed) Log.Info("token", $"slot {token.Slot.Id}: card {why}; its sessions are closed");
        token.MarkRemoved();
        token.Dispose();
        if (!_cardOf.Remove(token, out var card)) return;
        if (cardGone && _cards.TryGetValue(card.ReaderName, out var current) && current == card)
        {
            _cards.Remove(card.ReaderName);
            card.Replace();
        }
        card.Detach(token);
    }

    /// <summary>
    /// The card in the reader at this insertion: known, or connected to and its applications found now. A
    /// card on which nothing was found is asked again when <paramref name="askAgain"/> (a token is wanted:
    /// the answer may have been a glitch). The previous insertion's card closes once its tokens are retired.
    /// </summary>
    private InsertedCard CardIn(string reader, uint counter, bool askAgain)
    {
        if (_cards.TryGetValue(reader, out var known))
        {
            if (known.EventCounter == counter && (known.Applications.Success || !askAgain)) return known;
            _cards.Remove(reader);
            known.Replace();
        }
        var transport = Connect(() => slots.Readers.Connect(reader));
        CardApplications found;
        try
        {
            found = Connect(() => drivers.FindApplications(transport));
            found = PivCardAuthenticationToken.Apply(found, _cardAuthentication);
        }
        catch
        {
            transport.Dispose();
            throw;
        }
        var card = new InsertedCard(reader, counter, transport, found);
        _cards[reader] = card;
        if (found.Found.Count > 1)
            Log.Info("slots", $"{reader}: {found.Found.Count} applications: {string.Join(", ", found.Found.Select(a => a.Name))}");
        return card;
    }

    /// <summary>Connecting and finding applications are part of C_GetSlotList, C_GetTokenInfo ...: failures in their terms.</summary>
    private static T Connect<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e)
        {
            throw Tokens.Card.CardErrorMapping.MapConnectFailure(e);
        }
    }
}
