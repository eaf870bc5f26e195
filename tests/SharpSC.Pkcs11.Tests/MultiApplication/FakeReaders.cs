using SharpSC.Cards.Transport;
using SharpSC.Pkcs11.Slots;

namespace SharpSC.Pkcs11.Tests.MultiApplication;

/// <summary>Readers in the test process: each holds a card (a transport) or none; inserting bumps the reader's event counter as pcscd does.</summary>
internal sealed class FakeReaders : ICardReaders
{
    private readonly Dictionary<string, (ICardTransport? Card, uint Counter)> _readers = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public int Connects { get; private set; }

    public FakeReaders Add(string reader, ICardTransport? card = null)
    {
        _order.Add(reader);
        _readers[reader] = (card, card is null ? 0u : 1u);
        return this;
    }

    public void Insert(string reader, ICardTransport card) => _readers[reader] = (card, _readers[reader].Counter + 1);

    public void Remove(string reader) => _readers[reader] = (null, _readers[reader].Counter + 1);

    public IReadOnlyList<string> List() => _order.ToArray();

    public (bool CardPresent, uint EventCounter) Status(string reader) =>
        _readers.TryGetValue(reader, out var r) ? (r.Card is not null, r.Counter) : (false, 0);

    public ICardTransport Connect(string reader)
    {
        Connects++;
        return _readers[reader].Card ?? throw new CardRemovedException($"no card in {reader}");
    }

    public void Dispose()
    {
    }
}
