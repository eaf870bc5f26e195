using System.Globalization;
using SharpSC.VirtualCard;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Cli;

/// <summary>Command-line options of sharpsc-vcard.</summary>
internal sealed class CliOptions
{
    public static string Usage => $"""
        Usage: sharpsc-vcard --state FILE [options]

        A virtual smart card carrying one or several applets, which inserts itself into pcscd's vpcd reader.

        Options:
          --state FILE       card state file; created as a blank card when missing (required)
          --port N           vpcd port: 35963 = "Virtual PCD 00 00", 35964 = "Virtual PCD 00 01" (default 35963)
          --host HOST        vpcd host (default 127.0.0.1)
          --applet LIST      the card's applets: one kind, or a comma list of kinds side by side on
                             one card (SELECT by AID switches; the first one gives the ATR):
        {Kinds()}
                             default: what the state file holds, {AppletCatalog.DefaultApplets} for a new card;
                             must match an existing state file
          --atr HEX          answer-to-reset (default: the first applet's; IsoApplet: JCOP 2.4.2 R2,
                             {Hex.Format(CardAtr.Default)})
          --control SOCKET   Unix socket (0600) for control requests: stats, stats reset, timing,
                             remove, insert, fault SPEC, fault clear, fault list, quit
          --verbose          log every APDU to stderr (PIN, PUK, key and plaintext bytes redacted)
          --no-tcp-tuning    leave TCP_NODELAY/TCP_QUICKACK off (only to measure their effect)
          -h, --help         show this help

        Prints one line containing "card inserted" to stdout each time vpcd accepts the card.
        SIGTERM and SIGINT end it within a second; the state is saved after every change.

        """;

    private static string Kinds() =>
        string.Join("\n", AppletCatalog.All.Select(k => $"                       {k.Name,-8} {k.Description}"));

    public required string StatePath { get; init; }
    public int Port { get; init; } = 35963;
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>The --applet list as given ("piv,openpgp"), already checked against the catalog; null when absent.</summary>
    public string? Applets { get; init; }
    public byte[]? Atr { get; init; }
    public string? ControlPath { get; init; }
    public bool Verbose { get; init; }
    public bool TcpTuning { get; init; } = true;

    /// <summary>Parses the arguments; null with <paramref name="help"/> set for --help; throws ArgumentException on errors.</summary>
    public static CliOptions? Parse(string[] args, out bool help)
    {
        help = false;
        string? state = null, host = null, control = null;
        int? port = null;
        string? applets = null;
        byte[]? atr = null;
        bool verbose = false, tuning = true;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h":
                case "--help":
                    help = true;
                    return null;
                case "--state":
                    state = Value(args, ref i);
                    break;
                case "--port":
                    var p = Value(args, ref i);
                    port = int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 65536
                        ? n
                        : throw new ArgumentException($"--port needs a TCP port number, not '{p}'");
                    break;
                case "--host":
                    host = Value(args, ref i);
                    break;
                case "--applet":
                    var list = Value(args, ref i);
                    try
                    {
                        applets = AppletCatalog.Format(AppletCatalog.ParseList(list).Select(k => k.Name));
                    }
                    catch (ArgumentException e)
                    {
                        throw new ArgumentException("--applet: " + e.Message);
                    }
                    break;
                case "--atr":
                    var hex = Value(args, ref i);
                    try
                    {
                        atr = CardAtr.Validate(Hex.Parse(hex));
                    }
                    catch (FormatException e)
                    {
                        throw new ArgumentException("--atr: " + e.Message);
                    }
                    catch (ArgumentException e)
                    {
                        throw new ArgumentException("--atr: " + e.Message);
                    }
                    break;
                case "--control":
                    control = Value(args, ref i);
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--no-tcp-tuning":
                    tuning = false;
                    break;
                default:
                    throw new ArgumentException($"unknown option '{arg}'");
            }
        }
        return new CliOptions
        {
            StatePath = state ?? throw new ArgumentException("--state FILE is required"),
            Port = port ?? 35963,
            Host = host ?? "127.0.0.1",
            Applets = applets,
            Atr = atr,
            ControlPath = control,
            Verbose = verbose,
            TcpTuning = tuning,
        };
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"{args[i]} needs a value");
        return args[++i];
    }
}
