using SharpSC.Cards.Apdu;
using SharpSC.Cards.Transport;

namespace SharpSC.Cards.Tests.Support;

/// <summary>The driver sent a command the script did not expect: the test fails with this.</summary>
public sealed class ScriptMismatchException(string message) : Exception(message);

/// <summary>
/// A card that plays request/response pairs in order and fails on any unexpected command. Steps can also
/// throw (transport faults). Pairs taken from a <see cref="Transcript"/> are checked to exist there.
/// </summary>
public sealed class ScriptedTransport : ICardTransport
{
    private readonly Queue<Step> _steps = new();
    private readonly List<string> _sent = [];
    private int _transactionDepth;

    public ScriptedTransport(string atr = "3B80800101") => Atr = Hex.Decode(atr);

    public ReadOnlyMemory<byte> Atr { get; }
    public string ReaderName => "Scripted reader";
    public IReadOnlyList<string> Sent => _sent;
    public int TransactionsBegun { get; private set; }
    public int TransactionDepth => _transactionDepth;
    public int Remaining => _steps.Count;

    /// <summary>Expects <paramref name="command"/> (hex) and answers <paramref name="response"/> (hex, data then SW).</summary>
    public ScriptedTransport Expect(string command, string response)
    {
        _steps.Enqueue(new Step(Normalize(command), Normalize(response), null));
        return this;
    }

    /// <summary>Expects a command and answers what the genuine applet answered to it in the transcript.</summary>
    public ScriptedTransport Expect(Transcript transcript, string command, string? status = null) =>
        Expect(command, transcript.ResponseTo(command, status));

    /// <summary>Expects a command and answers what the applet answered to it after <paramref name="anchor"/> in the transcript.</summary>
    public ScriptedTransport ExpectAfter(Transcript transcript, string anchor, string command) =>
        Expect(command, transcript.ResponseAfter(anchor, command));

    /// <summary>When <paramref name="command"/> arrives, the transport fails with <paramref name="fault"/>.</summary>
    public ScriptedTransport Fail(string command, Exception fault)
    {
        _steps.Enqueue(new Step(Normalize(command), null, fault));
        return this;
    }

    public byte[] Transmit(ReadOnlySpan<byte> command)
    {
        var hex = Hex.Encode(command);
        _sent.Add(hex);
        if (_steps.Count == 0)
            throw new ScriptMismatchException($"Unexpected command {hex}: the script is finished. Sent so far:\n{History()}");
        var step = _steps.Dequeue();
        if (step.Command != hex)
            throw new ScriptMismatchException($"Expected {step.Command}\n     got {hex}\nSent so far:\n{History()}");
        if (step.Fault != null)
            throw step.Fault;
        return Hex.Decode(step.Response!);
    }

    public IDisposable BeginTransaction()
    {
        TransactionsBegun++;
        _transactionDepth++;
        return new Scope(this);
    }

    /// <summary>Fails when script steps were not used.</summary>
    public void AssertDone()
    {
        if (_steps.Count != 0)
            throw new ScriptMismatchException($"{_steps.Count} scripted step(s) not used; next expected {_steps.Peek().Command}.\nSent:\n{History()}");
        if (_transactionDepth != 0)
            throw new ScriptMismatchException($"{_transactionDepth} transaction(s) left open.");
    }

    public void Dispose()
    {
    }

    private string History() => string.Join("\n", _sent.Select(s => "  " + s));

    private static string Normalize(string hex) => Hex.Encode(Hex.Decode(hex));

    private sealed record Step(string Command, string? Response, Exception? Fault);

    private sealed class Scope(ScriptedTransport owner) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            owner._transactionDepth--;
        }
    }
}
