using SharpSC.Cards.Transport;
using SharpSC.VirtualCard;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// The emulated card behind a link that the fuzz input corrupts: for each APDU one control byte decides
/// whether the card's answer passes (most values), is truncated, gets a byte flipped, another status word,
/// is replaced by bytes from the input, or the transport fails (reset, removal, link error). The card always
/// sees the command. When the input is used up every answer passes.
/// </summary>
public sealed class MutatingTransport(Func<byte[], byte[]> card, ReadOnlyMemory<byte> atr, byte[] input) : ICardTransport
{
    private int _next;

    public MutatingTransport(IsoAppletCard card, byte[] input) : this(apdu => card.Process(apdu), card.Atr, input)
    {
    }

    public ReadOnlyMemory<byte> Atr => atr;

    public string ReaderName => "fuzzed link";

    public int Exchanges { get; private set; }

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        if (++Exchanges > 5000) throw new InvalidOperationException("more than 5000 APDUs for one input: a loop without a bound");
        var answer = card(command.ToArray());
        if (_next >= input.Length) return answer;
        switch (Take() % 12)
        {
            case 0:
                return answer[..(Take() % (answer.Length + 1))];
            case 1:
                answer[Take() % answer.Length] ^= (byte)(Take() | 1);
                return answer;
            case 2:
                answer[^2] = Take();
                answer[^1] = Take();
                return answer;
            case 3:
                var length = Take();
                var start = Math.Min(_next, input.Length);
                var replacement = input.AsSpan(start, Math.Min(length, input.Length - start)).ToArray();
                _next = start + replacement.Length;
                return replacement;
            case 4:
                throw (Take() % 3) switch
                {
                    0 => new CardResetException("fuzz: the card was reset"),
                    1 => new CardRemovedException("fuzz: the card was removed"),
                    _ => new CardTransportException("fuzz: the link failed"),
                };
            default:
                return answer;
        }
    }

    private byte Take() => _next < input.Length ? input[_next++] : (byte)0;

    public IDisposable BeginTransaction() => new Nothing();

    public void Dispose()
    {
    }

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
