using System.Net.Sockets;
using System.Text;
using SharpSC.TestSupport;
using SharpSC.VirtualCard.Control;
using SharpSC.VirtualCard.Faults;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Link;
using SharpSC.VirtualCard.Vpcd;

namespace SharpSC.VirtualCard.Tests;

public sealed class ControlTests : IDisposable
{
    private readonly IsoAppletCard _card = new(AppletVersion.V1);
    private readonly FaultInjector _faults = new();
    private readonly VpcdClient _client;
    private readonly ControlCommands _commands;
    private int _quits;

    public ControlTests()
    {
        _client = new VpcdClient(new CardLink(_card, _faults), new VpcdClientOptions { Port = FakeVpcd.FreePort() }, _ => { });
        _commands = new ControlCommands(_card, _client, _faults, () => _quits++);
    }

    public void Dispose() => _client.Dispose();

    [Fact]
    public void Stats_UseTheContractKeyNames_AndCanBeReset()
    {
        _card.Process(Hex.Parse(CardSession.SelectApplet));
        _card.Reset();
        Assert.Equal("apdus=1 bytes_in=17 bytes_out=2 resets=1", _commands.Handle("stats"));
        Assert.Matches("^apdus=1 busy_us=[0-9]+$", _commands.Handle("timing"));
        Assert.Equal("ok", _commands.Handle("stats reset"));
        Assert.Equal("apdus=0 bytes_in=0 bytes_out=0 resets=0", _commands.Handle(" STATS "));
    }

    [Fact]
    public void Fault_AddsListsAndClearsRules_AndExplainsErrors()
    {
        Assert.Equal("none", _commands.Handle("fault list"));
        Assert.Equal("ok", _commands.Handle("fault sw=6F00 ins=84 nth=2"));
        Assert.Equal("ok", _commands.Handle("fault delay=10"));
        Assert.Equal("sw=6F00 ins=84 nth=2 count=1; delay=10 nth=1 count=1", _commands.Handle("fault list"));
        Assert.StartsWith("error: unknown fault action 'boom'", _commands.Handle("fault boom"), StringComparison.Ordinal);
        Assert.Equal("ok", _commands.Handle("fault clear"));
        Assert.Empty(_faults.Rules);
    }

    [Fact]
    public void Quit_AnswersOk_AndStops()
    {
        Assert.Equal("ok", _commands.Handle("quit"));
        Assert.Equal(1, _quits);
    }

    [Fact]
    public void UnknownRequests_AreAnsweredWithAnError()
    {
        Assert.StartsWith("error: unknown request 'dance'", _commands.Handle("dance"), StringComparison.Ordinal);
        Assert.StartsWith("error:", _commands.Handle("stats now"), StringComparison.Ordinal);
    }

    [Fact]
    public void Insert_FailsClearly_WhenVpcdDoesNotAccept()
    {
        var commands = new ControlCommands(_card, _client, _faults, () => { }, TimeSpan.FromMilliseconds(200));
        Assert.Equal("ok", commands.Handle("remove"));
        Assert.Equal("error: vpcd did not accept the card within 0.2 s", commands.Handle("insert"));
    }

    [Fact]
    public void Server_IsAPrivateSocket_OneLinePerConnection()
    {
        using var dir = new TempDir("vcard-ctl");
        var path = dir.File("ctl");
        using (var server = new ControlServer(path, _commands.Handle, _ => { }))
        {
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal("apdus=0 bytes_in=0 bytes_out=0 resets=0", Request(path, "stats"));
            Assert.Equal("ok", Request(path, "fault drop"));
            Assert.Equal("drop nth=1 count=1", Request(path, "fault list"));
            Assert.Throws<IOException>(() => new ControlServer(path, _commands.Handle, _ => { }));
        }
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Server_ReplacesAStaleSocketFile()
    {
        using var dir = new TempDir("vcard-ctl");
        var path = dir.File("ctl");
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            stale.Bind(new UnixDomainSocketEndPoint(path)); // bound, never listening: like a killed process
        using var server = new ControlServer(path, _commands.Handle, _ => { });
        Assert.Equal("none", Request(path, "fault list"));
    }

    private static string Request(string path, string line)
    {
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(path));
        s.Send(Encoding.ASCII.GetBytes(line + "\n"));
        var buffer = new byte[4096];
        var sb = new StringBuilder();
        int n;
        while ((n = s.Receive(buffer)) > 0) sb.Append(Encoding.ASCII.GetString(buffer, 0, n));
        return sb.ToString().TrimEnd('\n');
    }
}
