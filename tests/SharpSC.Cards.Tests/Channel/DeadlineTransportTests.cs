using System.Diagnostics;
using SharpSC.Cards.Transport;
using SharpSC.TestSupport;

namespace SharpSC.Cards.Tests.Channel;

/// <summary>
/// The module-side deadline on every card exchange (DeadlineTransport) over an in-process transport that
/// holds a command as a card that stopped answering does.
/// </summary>
public sealed class DeadlineTransportTests
{
    private static readonly CardDeadlines Short = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(20));
    private static readonly byte[] Sign = [0x00, 0x2A, 0x9E, 0x9A, 0x01, 0x55];
    private static readonly byte[] Select = [0x00, 0xA4, 0x04, 0x00];

    /// <summary>A card that answers 9000 to everything; each connection is counted.</summary>
    private sealed class AnsweringCard(string reader) : ICardTransport
    {
        public ReadOnlyMemory<byte> Atr { get; } = new byte[] { 0x3B, 0x80, 0x80, 0x01, 0x01 };
        public string ReaderName => reader;
        public byte[] Transmit(ReadOnlySpan<byte> command) => [0x90, 0x00];
        public IDisposable BeginTransaction() => new Nothing();
        public void Dispose() { }
        private sealed class Nothing : IDisposable { public void Dispose() { } }
    }

    private static string NewReader() => "Deadline test " + Guid.NewGuid().ToString("N")[..8];

    private static (DeadlineTransport Transport, List<StallingTransport> Connections) Connect(string reader, CardDeadlines deadlines)
    {
        var connections = new List<StallingTransport>();
        var transport = new DeadlineTransport(reader, () =>
        {
            var c = new StallingTransport(new AnsweringCard(reader));
            lock (connections) connections.Add(c);
            return c;
        }, deadlines);
        return (transport, connections);
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), what);
            Thread.Sleep(10);
        }
    }

    [Fact]
    public void Answers_pass_through_and_only_the_worker_thread_ever_calls_the_connection()
    {
        var (transport, connections) = Connect(NewReader(), Short);
        using (transport)
        {
            Assert.Equal([0x90, 0x00], transport.Transmit(Select));
            var other = new Thread(() =>
            {
                using var scope = transport.BeginTransaction();
                transport.Transmit(Sign);
            });
            other.Start();
            other.Join();
        }
        var connection = Assert.Single(connections);
        Assert.True(connection.Disposed);
        Assert.Single(connection.Threads);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, connection.Threads);
    }

    [Fact]
    public void A_command_never_answered_fails_at_its_deadline_blocks_the_reader_and_is_closed_when_the_card_answers()
    {
        var reader = NewReader();
        var (transport, connections) = Connect(reader, Short);
        using (transport)
        {
            var scope = transport.BeginTransaction();
            connections[0].StallNext(0x2A);
            var clock = Stopwatch.StartNew();
            var timeout = Assert.Throws<CardTimeoutException>(() => transport.Transmit(Sign));
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
            Assert.Contains("did not answer", timeout.Message, StringComparison.Ordinal);
            Assert.Contains(reader, timeout.Message, StringComparison.Ordinal);
            scope.Dispose(); // the caller's transaction scope ends without touching the stuck connection

            // Meanwhile the reader is blocked: the same transport and a new one fail at once.
            clock.Restart();
            var blocked = Assert.Throws<CardTimeoutException>(() => transport.Transmit(Select));
            Assert.Contains("has not answered", blocked.Message, StringComparison.Ordinal);
            Assert.Throws<CardTimeoutException>(() => new DeadlineTransport(reader, () => new AnsweringCard(reader), Short));
            Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(250), $"blocked calls took {clock.Elapsed}");
            Assert.False(connections[0].Disposed);
            Assert.Equal(1, connections[0].OpenTransactions);

            // The card answers: the worker closes that connection (ending its transaction) and the next
            // use reconnects and reports the reset, then works.
            connections[0].Release();
            WaitUntil(() => connections[0].Disposed, "the connection given up on was not closed after the card answered");
            Assert.Equal(0, connections[0].OpenTransactions);
            Assert.Single(connections[0].Threads);
            Assert.Throws<CardResetException>(() => transport.Transmit(Select));
            Assert.Equal(2, connections.Count);
            Assert.Equal([0x90, 0x00], transport.Transmit(Sign));
        }
        Assert.All(connections, c => Assert.True(c.Disposed));
    }

    /// <summary>
    /// A connection that can be interrupted (pcsc-lite, through its socket to pcscd) runs its calls on the caller's
    /// thread, with no hand-over; the watchdog interrupts a late call, the caller closes the connection, and the
    /// reader stays blocked until a connection request gets through again (pcscd's reader waits for the card).
    /// </summary>
    [Fact]
    public void An_interruptible_connection_runs_calls_on_the_callers_thread_and_is_interrupted_at_the_deadline()
    {
        var reader = NewReader();
        var connections = new List<StallingTransport>();
        using var readerBack = new ManualResetEventSlim();
        var transport = new DeadlineTransport(reader, () =>
        {
            if (connections.Count > 0) readerBack.Wait(); // pcscd's reader still waits for the card
            var c = new StallingTransport(new AnsweringCard(reader), interruptible: true);
            lock (connections) connections.Add(c);
            return c;
        }, Short);
        using (transport)
        {
            Assert.Equal([0x90, 0x00], transport.Transmit(Select));
            Assert.Equal([Environment.CurrentManagedThreadId], connections[0].Threads);

            connections[0].StallNext(0x2A);
            var clock = Stopwatch.StartNew();
            Assert.Throws<CardTimeoutException>(() => transport.Transmit(Sign));
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
            Assert.Equal(1, connections[0].Interrupts);
            Assert.True(connections[0].Disposed, "the interrupted connection was not closed");
            Assert.Equal([Environment.CurrentManagedThreadId], connections[0].Threads); // closed here too

            clock.Restart();
            Assert.Contains("has not answered", Assert.Throws<CardTimeoutException>(() => transport.Transmit(Select)).Message, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(250));

            readerBack.Set();
            // The first call that gets through reconnects and reports the reset; until then the reader is blocked.
            Exception? first = null;
            WaitUntil(() => (first = Record(() => transport.Transmit(Select))) is not CardTimeoutException, "the reader did not count as working again");
            Assert.IsType<CardResetException>(first);
            Assert.Equal([0x90, 0x00], transport.Transmit(Sign));
            Assert.Equal(3, connections.Count); // the first, the one that waited for the reader (closed at once), the new one
            Assert.True(connections[1].Disposed);
        }
    }

    private static Exception? Record(Action call)
    {
        try
        {
            call();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Fact]
    public void Key_generation_gets_the_longer_deadline()
    {
        var (transport, connections) = Connect(NewReader(), new CardDeadlines(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(20)));
        using (transport)
        {
            connections[0].StallNext(0x46);
            var held = false;
            var release = new Thread(() =>
            {
                held = connections[0].WaitHolding(TimeSpan.FromSeconds(10));
                Thread.Sleep(600);
                connections[0].Release();
            });
            release.Start();
            Assert.Equal([0x90, 0x00], transport.Transmit([0x00, 0x46, 0x42, 0x00, 0x00]));
            release.Join();
            Assert.True(held, "the key generation command was not held");
            Assert.Single(connections);
        }
    }

    [Fact]
    public void Closing_a_transport_whose_command_is_stuck_returns_at_once()
    {
        var (transport, connections) = Connect(NewReader(), Short);
        connections[0].StallNext(0x2A);
        Assert.Throws<CardTimeoutException>(() => transport.Transmit(Sign));
        var clock = Stopwatch.StartNew();
        transport.Dispose();
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(250));
        Assert.Throws<ObjectDisposedException>(() => transport.Transmit(Select));
        connections[0].Release();
        WaitUntil(() => connections[0].Disposed, "the connection was not closed after the card answered");
    }

    [Fact]
    public void A_connection_request_that_does_not_return_fails_at_its_deadline_and_its_late_connection_is_closed()
    {
        var reader = NewReader();
        using var release = new ManualResetEventSlim();
        StallingTransport? late = null;
        Assert.Throws<CardTimeoutException>(() => new DeadlineTransport(reader, () =>
        {
            release.Wait();
            return late = new StallingTransport(new AnsweringCard(reader));
        }, Short));
        Assert.Throws<CardTimeoutException>(() => new DeadlineTransport(reader, () => new AnsweringCard(reader), Short));
        release.Set();
        WaitUntil(() => late is { Disposed: true }, "the late connection was not closed");
        using var again = new DeadlineTransport(reader, () => new AnsweringCard(reader), Short);
        Assert.Equal([0x90, 0x00], again.Transmit(Select));
    }

    [Theory]
    [InlineData("30", 30, 300)]
    [InlineData("2.5", 2.5, 25)]
    [InlineData(" 10 , 120 ", 10, 120)]
    public void SHARPSC_CARD_TIMEOUT_reads_seconds_and_an_optional_key_generation_budget(string text, double command, double keyGeneration)
    {
        Assert.True(CardDeadlines.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromSeconds(command), d.Command);
        Assert.Equal(TimeSpan.FromSeconds(keyGeneration), d.KeyGeneration);
        Assert.Equal(d.KeyGeneration, d.For([0x00, 0x47, 0x00, 0x9A]));
        Assert.Equal(d.Command, d.For(Sign));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("1,2,3")]
    [InlineData("NaN")]
    [InlineData("1e9")]
    public void Unreadable_deadlines_are_refused(string text) => Assert.False(CardDeadlines.TryParse(text, out _));
}
