namespace SharpSC.Benchmarks;

/// <summary>Makes the virtual card answer every APDU late (docs/VIRTUALCARD.md, fault "delay"), until disposed.</summary>
public sealed class SlowCard : IDisposable
{
    private readonly BenchCard? _card;

    private SlowCard(BenchCard? card) => _card = card;

    public static SlowCard Apply(BenchCard card, int delayMs)
    {
        if (delayMs <= 0) return new SlowCard(null);
        Expect(card.Card.Control($"fault delay={delayMs} count=*"));
        return new SlowCard(card);
    }

    public void Dispose()
    {
        if (_card != null) Expect(_card.Card.Control("fault clear"));
    }

    private static void Expect(string answer)
    {
        if (answer != "ok") throw new InvalidOperationException("the virtual card refused a fault rule: " + answer);
    }
}
