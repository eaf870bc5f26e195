using System.Runtime.InteropServices;
using SharpSC.VirtualCard;
using SharpSC.VirtualCard.Cli;
using SharpSC.VirtualCard.Control;
using SharpSC.VirtualCard.Faults;
using SharpSC.VirtualCard.Link;
using SharpSC.VirtualCard.Vpcd;

const string Name = "sharpsc-vcard";

CliOptions options;
try
{
    var parsed = CliOptions.Parse(args, out var help);
    if (parsed == null)
    {
        Console.Out.Write(CliOptions.Usage);
        return 0;
    }
    options = parsed;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{Name}: error: {e.Message}");
    Console.Error.WriteLine($"Try '{Name} --help'.");
    return 2;
}

var logGate = new object();
void Log(string message)
{
    lock (logGate) Console.Error.WriteLine($"{Name}: {message}");
}

IsoAppletCard card;
try
{
    card = IsoAppletCard.OpenOrCreate(options.StatePath, options.Applet, new IsoAppletCardOptions { Atr = options.Atr, Log = Log });
}
catch (CardStateException e)
{
    Log("error: " + e.Message);
    return 1;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Log($"error: cannot create state file {options.StatePath}: {e.Message}");
    return 1;
}

var applet = card.Version == AppletVersion.V0 ? "v0" : "v1";
var vpcd = new VpcdClientOptions { Host = options.Host, Port = options.Port, TcpTuning = options.TcpTuning, TraceApdus = options.Verbose };
var faults = new FaultInjector();
using var client = new VpcdClient(new CardLink(card, faults), vpcd, Log);
client.Inserted += () => Console.Out.WriteLine($"{Name}: card inserted in {vpcd.Endpoint} (IsoApplet {applet}, state {card.StatePath})");
client.Removed += reason => Log($"card removed from {vpcd.Endpoint}: {reason}");

using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

ControlServer? control = null;
if (options.ControlPath != null)
{
    // "quit" answers first, then stops.
    void Quit() => _ = Task.Delay(100).ContinueWith(_ => stop.Cancel(), TaskScheduler.Default);
    try
    {
        control = new ControlServer(options.ControlPath, new ControlCommands(card, client, faults, Quit).Handle, Log);
    }
    catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
    {
        Log($"error: cannot open control socket {options.ControlPath}: {e.Message}");
        return 1;
    }
}

Log($"IsoApplet {applet} card, state {card.StatePath}, connecting to vpcd on {vpcd.Endpoint}");
try
{
    client.Run(stop.Token);
}
finally
{
    control?.Dispose();
}
Log("stopped");
return 0;
