using System.Diagnostics;
using System.Net.Sockets;
using SharpSC.VirtualCard.Faults;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Link;
using SharpSC.VirtualCard.Vpcd;

namespace SharpSC.VirtualCard.Tests;

public sealed class VpcdClientTests : IDisposable
{
    private readonly FakeVpcd _vpcd = new();
    private readonly IsoAppletCard _card = new(AppletVersion.V0);
    private readonly FaultInjector _faults = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _log = [];
    private readonly ManualResetEventSlim _inserted = new();
    private readonly List<string> _removals = [];
    private readonly VpcdClient _client;
    private readonly Thread _thread;
    private int _insertions;

    public VpcdClientTests() : this(true)
    {
    }

    private VpcdClientTests(bool tuning, int? port = null)
    {
        var options = new VpcdClientOptions
        {
            Port = port ?? _vpcd.Port,
            TcpTuning = tuning,
            RetryInterval = TimeSpan.FromMilliseconds(50),
            ReinsertDelay = TimeSpan.FromMilliseconds(50),
        };
        _client = new VpcdClient(new CardLink(_card, _faults), options, l => { lock (_log) _log.Add(l); });
        _client.Inserted += () =>
        {
            Interlocked.Increment(ref _insertions);
            _inserted.Set();
        };
        _client.Removed += reason =>
        {
            lock (_removals) _removals.Add(reason);
        };
        _thread = new Thread(() => _client.Run(_stop.Token)) { IsBackground = true };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _client.Dispose();
        _vpcd.Dispose();
    }

    private void WaitInserted()
    {
        Assert.True(_inserted.Wait(TimeSpan.FromSeconds(10)), "vpcd did not see the card");
        _inserted.Reset();
    }

    [Fact]
    public void ControlMessages_AndApdus_AreFramedAsVpcdExpects()
    {
        _vpcd.Accept();
        Assert.Equal(_card.Atr, _vpcd.GetAtr());
        WaitInserted();
        _vpcd.Control(VpcdProtocol.PowerOn);
        _vpcd.Control(VpcdProtocol.Reset);
        Assert.Equal("0006069000", Hex.Format(_vpcd.Transmit(Hex.Parse(CardSession.SelectApplet))));
        _vpcd.Control(VpcdProtocol.PowerOff);
        Assert.Equal(_card.Atr, _vpcd.GetAtr());
        _vpcd.Control(VpcdProtocol.PowerOn);
        Assert.Equal("6D00", Hex.Format(_vpcd.Transmit(Hex.Parse("00200001")))); // power cycle deselected the applet
        var stats = _card.Statistics;
        Assert.Equal(2, stats.Apdus);
        Assert.Equal(3, stats.Resets);
        Assert.Equal(1, _insertions);
    }

    [Fact]
    public void ResponsesLongerThan255Bytes_UseBothLengthBytes()
    {
        _vpcd.Accept();
        _vpcd.GetAtr();
        _vpcd.Transmit(Hex.Parse(CardSession.SelectApplet));
        var response = _vpcd.Transmit(Hex.Parse("0084000000"));
        Assert.Equal(258, response.Length);
        Assert.Equal("9000", Hex.Format(response[^2..]));
    }

    [Fact]
    public void SocketOptions_NoDelayAndQuickAck_AreSet()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect("127.0.0.1", _vpcd.Port);
        TcpTuning.Apply(socket);
        Assert.True(socket.NoDelay);
        if (OperatingSystem.IsLinux())
        {
            var value = new byte[4];
            socket.GetRawSocketOption(6, 12, value);
            Assert.Equal(1, BitConverter.ToInt32(value));
        }
    }

    /// <summary>Mean round trip of APDUs whose length and body arrive in two writes (as vpcd sends them).</summary>
    private double MillisecondsPerApdu(int count)
    {
        _vpcd.Accept();
        _vpcd.GetAtr();
        var command = Hex.Parse("00A4000C023F00");
        _vpcd.Transmit(command);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) _vpcd.Transmit(command);
        return watch.Elapsed.TotalMilliseconds / count;
    }

    [Fact]
    public void ApdusSentInTwoWrites_AreAnsweredWithoutDelayedAckStalls()
    {
        var tuned = MillisecondsPerApdu(50);
        Assert.True(tuned < 10, $"{tuned:F1} ms per APDU: delayed ACKs are stalling the link");
        using var untunedCard = new VpcdClientTests(tuning: false);
        var untuned = untunedCard.MillisecondsPerApdu(10);
        Assert.True(untuned > 5 * tuned, $"without TCP_NODELAY/TCP_QUICKACK: {untuned:F1} ms per APDU, with: {tuned:F2} ms");
    }

    [Fact]
    public void WhenVpcdComesUpLater_TheCardRetriesUntilItConnects()
    {
        var port = FakeVpcd.FreePort();
        using var late = new VpcdClientTests(true, port);
        Thread.Sleep(300);
        using var vpcd = new FakeVpcd(port);
        vpcd.Accept();
        Assert.Equal(late._card.Atr, vpcd.GetAtr());
        late.WaitInserted();
        Assert.Contains(late._log, l => l.Contains("waiting for vpcd", StringComparison.Ordinal));
    }

    [Fact]
    public void WhenVpcdDropsTheConnection_TheCardReconnects_PoweredDown()
    {
        _vpcd.Accept();
        _vpcd.GetAtr();
        WaitInserted();
        _vpcd.Transmit(Hex.Parse(CardSession.SelectApplet));
        _vpcd.Disconnect(); // pcscd restarted
        _vpcd.Accept();
        _vpcd.GetAtr();
        WaitInserted();
        Assert.Equal("6D00", Hex.Format(_vpcd.Transmit(Hex.Parse("00200001"))));
        Assert.Equal(2, _insertions);
    }

    [Fact]
    public async Task RemoveAndInsert_TakeTheCardOutAndBack()
    {
        _vpcd.Accept();
        _vpcd.GetAtr();
        WaitInserted();
        _client.Remove();
        Assert.Empty(_vpcd.ReadUntilClosed());
        Assert.False(_client.IsInserted);
        var insert = Task.Run(() => _client.Insert(TimeSpan.FromSeconds(10)));
        _vpcd.Accept();
        _vpcd.GetAtr();
        Assert.True(await insert.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.True(_client.IsInserted);
    }

    [Fact]
    public void FaultDrop_ClosesTheConnection_AndTheCardComesBack()
    {
        _vpcd.Accept();
        _vpcd.GetAtr();
        WaitInserted();
        _faults.Add(FaultSpec.Parse("drop-mid"));
        Assert.Throws<IOException>(() => _vpcd.Transmit(Hex.Parse(CardSession.SelectApplet))); // half an answer, then EOF
        _vpcd.Accept();
        _vpcd.GetAtr();
        WaitInserted();
        Assert.Equal("0006069000", Hex.Format(_vpcd.Transmit(Hex.Parse(CardSession.SelectApplet))));
    }

    [Fact]
    public void FaultHang_KeepsTheHostWaiting_UntilTheFaultIsCleared()
    {
        _vpcd.Accept();
        _vpcd.GetAtr();
        WaitInserted();
        _faults.Add(FaultSpec.Parse("hang ins=84"));
        _vpcd.SendApdu(Hex.Parse(CardSession.SelectApplet)); // other instructions pass
        Assert.Equal("0006069000", Hex.Format(_vpcd.ReceiveAnswer()));
        _vpcd.SendApdu(Hex.Parse("0084000008"));
        Assert.False(_vpcd.AnythingArrives(TimeSpan.FromMilliseconds(500)));
        _faults.Clear();
        Assert.Equal(10, _vpcd.ReceiveAnswer().Length); // the card woke up and answered the held command
        Assert.Equal("0006069000", Hex.Format(_vpcd.Transmit(Hex.Parse(CardSession.SelectApplet))));
        Assert.Equal(1, _insertions);
    }

    [Fact]
    public void FaultHang_EndsWhenTheCardIsRemoved_WithoutAnAnswer()
    {
        _vpcd.Accept();
        _vpcd.GetAtr();
        WaitInserted();
        _faults.Add(FaultSpec.Parse("hang"));
        _vpcd.SendApdu(Hex.Parse(CardSession.SelectApplet));
        Assert.False(_vpcd.AnythingArrives(TimeSpan.FromMilliseconds(300)));
        _client.Remove();
        Assert.Empty(_vpcd.ReadUntilClosed());
        Assert.Equal(0, _card.Statistics.Apdus);
        Assert.Contains(_removals, r => r == "removed on request");
    }

    [Theory]
    [InlineData("idle")]
    [InlineData("hang")]
    [InlineData("delay")]
    [InlineData("never inserted")]
    public void Stopping_EndsRunAtOnce_WhateverTheCardIsDoing(string state)
    {
        if (state != "never inserted")
        {
            _vpcd.Accept();
            _vpcd.GetAtr();
            WaitInserted();
            _vpcd.Transmit(Hex.Parse(CardSession.SelectApplet));
        }
        if (state is "hang" or "delay")
        {
            _faults.Add(FaultSpec.Parse(state == "hang" ? "hang" : "delay=60000"));
            _vpcd.SendApdu(Hex.Parse("0084000008"));
            Assert.False(_vpcd.AnythingArrives(TimeSpan.FromMilliseconds(200)));
        }
        var watch = Stopwatch.StartNew();
        _stop.Cancel();
        Assert.True(_thread.Join(TimeSpan.FromSeconds(5)), "Run did not return");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Run took {watch.Elapsed.TotalMilliseconds:F0} ms to stop");
        Assert.False(_client.IsInserted);
        if (state != "never inserted") Assert.Empty(_vpcd.ReadUntilClosed()); // vpcd sees the card leave, with no late answer
    }
}
