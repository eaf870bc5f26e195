using SharpSC.Cli.Connection;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Errors;
using SharpSC.Cli.Output;
using SharpSC.Cli.Secrets;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc init: the PKCS#15 structure with one user PIN and a PUK (pkcs15-init -C, profile pkcs15+onepin).</summary>
internal static class InitCommand
{
    public static CommandSpec Create(CliEnvironment env) => new("init", "Create the PKCS#15 structure with a user PIN and a PUK on a blank card")
    {
        Options =
        [
            new("label", null, "TEXT", "token label (required)"),
            Options.Pin, Options.PinEnv, Options.Puk, Options.PukEnv,
            new("no-puk", null, null, "set no PUK (a blocked PIN then cannot be unblocked)"),
            new("so-pin", null, "PIN", "SO PIN, for cards that have one (IsoApplet has none: its PUK unblocks the PIN)"),
            new("so-pin-env", null, "VAR", "take the SO PIN from environment variable VAR"),
            new("no-so-pin", null, null, "no SO PIN (the default, and the only choice on IsoApplet)"),
            new("serial", null, "HEX", "TokenInfo serial number (default: 8 random bytes)"),
            .. Options.Card,
        ],
        Details = """
            Like OpenSC's 'pkcs15-init --create-pkcs15 --profile pkcs15+onepin --no-so-pin': EF.DIR, the
            application DF 5015 with ODF, TokenInfo, AODF (user PIN, auth-id FF), PrKDF, PuKDF, CDF and DODF.
            On an IsoApplet that was personalised before (and erased), the applet keeps its PIN and PUK: --pin
            must then be the current PIN, or --puk sets the new --pin.
            Example: sharpsc init --label "My token" --pin 123456 --puk 0123456789abcdef
            """,
        Handler = i => Run(i, env),
    };

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        var label = invocation.Get("label") ?? throw invocation.Error("init needs --label");
        invocation.Exclusive("so-pin", "so-pin-env", "no-so-pin");
        invocation.Exclusive("puk", "puk-env", "no-puk");
        ByteString? serial = invocation.Has("serial") ? ParseId(invocation, "serial").Value : (ByteString?)null;
        var secrets = env.Secrets;
        using var pin = secrets.Get(invocation, "pin", "new PIN", confirm: true);
        using Secret? puk = invocation.Has("no-puk") ? null : secrets.Get(invocation, "puk", "PUK", confirm: true);
        using Secret? soPin = SecretSource.Given(invocation, "so-pin") ? secrets.Get(invocation, "so-pin", "SO PIN") : null;

        using var session = CardSession.Open(env, invocation);
        Pkcs15.Card.Pkcs15Card card;
        try
        {
            card = session.ReadStructure();
        }
        catch (Pkcs15FormatException e)
        {
            throw new CliException(ExitCodes.CardState, $"the card holds a malformed PKCS#15 structure ({e.Message}): run 'sharpsc erase' first", e);
        }
        var result = new Pkcs15Personaliser(card).InitializeToken(new TokenInitialization
        {
            Label = label,
            UserPin = pin.Memory,
            Puk = puk?.Memory,
            SoPin = soPin?.Memory,
            SerialNumber = serial,
        });
        var app = result.Card.Application!;
        var json = new JsonInit(CardView.Token(app.TokenInfo), app.Pins.Select(CardView.Pin).ToList(), result.Notes);
        Print(env, invocation, json, CliJson.Context.JsonInit, o =>
        {
            o.WriteLine($"Initialised token \"{app.TokenInfo.Label}\" in reader {session.ReaderLabel}");
            TextBlock.Write(o, [("Serial", app.TokenInfo.SerialNumberHex), ("User PIN", $"auth-id {app.Pins[0].AuthId}, reference {app.Pins[0].Attributes.Reference}"),
                ("PUK", puk is null ? "none" : "set")]);
            foreach (var note in result.Notes)
                o.WriteLine("Note: " + note);
        });
        return 0;
    }
}
