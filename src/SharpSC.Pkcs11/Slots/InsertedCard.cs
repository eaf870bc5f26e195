using SharpSC.Cards.Registry;
using SharpSC.Cards.Transport;

namespace SharpSC.Pkcs11.Slots;

/// <summary>
/// A card in a reader, from the insertion pcscd's event counter names until the card goes: one PC/SC
/// connection shared by the card's applications, and the applications the driver registry found on it
/// (once per insertion; a card on which nothing was found is asked again when a token is wanted). Its
/// tokens each have one application; the connection closes when the card is replaced and its last token
/// is retired.
/// </summary>
internal sealed class InsertedCard(string readerName, uint eventCounter, ICardTransport transport, CardApplications applications) : IDisposable
{
    private readonly HashSet<Tokens.Token> _tokens = [];
    private bool _disposed;

    public string ReaderName { get; } = readerName;

    public uint EventCounter { get; } = eventCounter;

    public ICardTransport Transport { get; } = transport;

    public CardApplications Applications { get; } = applications;

    /// <summary>A newer insertion took the reader: close as soon as no token uses this card.</summary>
    public bool Replaced { get; private set; }

    /// <summary>The application a slot shows: the first for a reader's first slot, else the one of its name; null when the card has none such.</summary>
    public CardApplication? ApplicationFor(Slot slot) =>
        slot.Application is null ? Applications.Found.FirstOrDefault() : Applications.Found.FirstOrDefault(a => a.Name == slot.Application);

    public void Attach(Tokens.Token token) => _tokens.Add(token);

    /// <summary>A token of this card was retired; the connection closes with the last one once the card is replaced.</summary>
    public void Detach(Tokens.Token token)
    {
        _tokens.Remove(token);
        if (Replaced && _tokens.Count == 0) Dispose();
    }

    public void Replace()
    {
        Replaced = true;
        if (_tokens.Count == 0) Dispose();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Transport.Dispose();
    }
}
