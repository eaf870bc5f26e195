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
            new("so-pin", null, "PIN", "SO PIN, for cards that have one (MyEID; IsoApplet has none: its PUK unblocks the PIN)"),
            new("so-pin-env", null, "VAR", "take the SO PIN from environment variable VAR"),
            new("so-puk", null, "PUK", "the SO PIN's PUK (MyEID: each PIN has its own; default: a random one nobody knows)"),
            new("so-puk-env", null, "VAR", "take the SO PUK from environment variable VAR"),
            new("no-so-pin", null, null, "no SO PIN (the default, and the only choice on IsoApplet; on MyEID the user PIN then also guards the structure)"),
            new("serial", null, "HEX", "TokenInfo serial number (default: the card's own (MyEID) or 8 random bytes)"),
            .. Options.Card,
        ],
        Details = """
            Like OpenSC's 'pkcs15-init --create-pkcs15 --profile pkcs15+onepin --no-so-pin': EF.DIR, the
            application DF 5015 with ODF, TokenInfo, AODF (user PIN, auth-id FF), PrKDF, PuKDF, CDF and DODF.
            On an IsoApplet that was personalised before (and erased), the applet keeps its PIN and PUK: --pin
            must then be the current PIN, or --puk sets the new --pin.
            On MyEID the layout is OpenSC's myeid profile (pkcs15-init -C; --store-pin --id 01; -F): the user PIN
            is reference 1 with its PUK, an SO PIN (--so-pin, --so-puk) reference 3; without SO PIN the user PIN
            also guards the structure and the erase. The card is then activated: a second init needs 'sharpsc erase'.
            Example: sharpsc init --label "My token" --pin 123456 --puk 0123456789abcdef
            MyEID:   sharpsc init --label "My token" --pin 123456 --puk 12345678 --so-pin 00000000 --so-puk 00000000
            """,
        Handler = i => Run(i, env),
    };

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        var label = invocation.Get("label") ?? throw invocation.Error("init needs --label");
        invocation.Exclusive("so-pin", "so-pin-env", "no-so-pin");
        invocation.Exclusive("so-puk", "so-puk-env", "no-so-pin");
        invocation.Exclusive("puk", "puk-env", "no-puk");
        ByteString? serial = invocation.Has("serial") ? ParseId(invocation, "serial").Value : (ByteString?)null;
        var secrets = env.Secrets;
        using var pin = secrets.Get(invocation, "pin", "new PIN", confirm: true);
        using Secret? puk = invocation.Has("no-puk") ? null : secrets.Get(invocation, "puk", "PUK", confirm: true);
        using Secret? soPin = SecretSource.Given(invocation, "so-pin") ? secrets.Get(invocation, "so-pin", "SO PIN") : null;
        if (soPin is null && SecretSource.Given(invocation, "so-puk"))
            throw invocation.Error("--so-puk needs --so-pin");
        using Secret? soPuk = SecretSource.Given(invocation, "so-puk") ? secrets.Get(invocation, "so-puk", "SO PUK") : null;

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
            SoPuk = soPuk?.Memory,
            SerialNumber = serial,
        });
        var app = result.Card.Application!;
        var json = new JsonInit(CardView.Token(app.TokenInfo), app.Pins.Select(CardView.Pin).ToList(), result.Notes);
        Print(env, invocation, json, CliJson.Context.JsonInit, o =>
        {
            o.WriteLine($"Initialised token \"{app.TokenInfo.Label}\" in reader {session.ReaderLabel}");
            var user = Pkcs15.Card.Pkcs15Pins.FindUserPin(app) ?? app.Pins[0];
            TextBlock.Write(o, [("Serial", app.TokenInfo.SerialNumberHex), ("User PIN", $"auth-id {user.AuthId}, reference {user.Attributes.Reference}"),
                ("PUK", puk is null ? "none" : "set"), ("SO PIN", soPin is null ? "none" : "set")]);
            foreach (var note in result.Notes)
                o.WriteLine("Note: " + note);
        });
        return 0;
    }
}
