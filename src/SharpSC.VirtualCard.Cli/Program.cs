using SharpSC.VirtualCard;
using SharpSC.VirtualCard.Cli;
using SharpSC.VirtualCard.Control;
using SharpSC.VirtualCard.Faults;
using SharpSC.VirtualCard.Link;
using SharpSC.VirtualCard.Vpcd;

const string Name = "sharpsc-vcard";

// Before anything else: a shell starts background jobs with SIGINT ignored, and .NET keeps a signal it
// finds ignored; the card must stop on SIGINT all the same.
StopSignals.TakeOverIgnored();

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

EmulatedCard card;
try
{
    card = EmulatedCard.OpenOrCreate(options.StatePath, options.Applets, new EmulatedCardOptions { Atr = options.Atr, Log = Log });
}
catch (CardStateException e)
{
    Log("error: " + e.Message);
    return 1;
}
catch (ArgumentException e)
{
    Log($"error: --applet {options.Applets}: {e.Message}");
    return 2;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Log($"error: cannot create state file {options.StatePath}: {e.Message}");
    return 1;
}

var vpcd = new VpcdClientOptions { Host = options.Host, Port = options.Port, TcpTuning = options.TcpTuning, TraceApdus = options.Verbose };
var faults = new FaultInjector();
using var client = new VpcdClient(new CardLink(card, faults), vpcd, Log);
client.Inserted += () => Console.Out.WriteLine($"{Name}: card inserted in {vpcd.Endpoint} ({card.Title}, state {card.StatePath})");
client.Removed += reason => Log($"card removed from {vpcd.Endpoint}: {reason}");

using var stop = new StopSignals(Log);

ControlServer? control = null;
if (options.ControlPath != null)
{
    try
    {
        // "quit" answers first, then stops.
        control = new ControlServer(options.ControlPath, new ControlCommands(card, client, faults, () => stop.Request("quit", TimeSpan.FromMilliseconds(100))).Handle, Log);
    }
    catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
    {
        Log($"error: cannot open control socket {options.ControlPath}: {e.Message}");
        return 1;
    }
}

Log($"{card.Title} card, state {card.StatePath}, connecting to vpcd on {vpcd.Endpoint}");
try
{
    client.Run(stop.Token);
}
finally
{
    control?.Dispose();
}
if (!card.Flush(StopSignals.FlushWait)) Log("the last command was still running; the state file holds the card as of the last answered command");
Log("stopped");
stop.Completed();
return 0;
