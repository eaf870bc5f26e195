using SharpSC.Cli.Connection;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Card;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc erase: the card back to blank, as far as the applet allows.</summary>
internal static class EraseCommand
{
    public static CommandSpec Create(CliEnvironment env) => new("erase", "Delete the PKCS#15 structure and destroy the keys")
    {
        Options =
        [
            new("keep-keys", null, null, "do not overwrite the key slots (faster; the old keys stay usable with the PIN)"),
            .. Options.UserPin, .. Options.Card,
        ],
        Details = """
            Overwrites the key slots the card's keys use, then deletes the application DF 5015 (with everything
            in it) and EF.DIR; a structure that no longer parses is deleted too. IsoApplet keeps its PIN, PUK and
            their retry counters: only reinstalling the applet resets them, so a later 'sharpsc init' needs the
            same PIN (or the PUK to set a new one).
            """,
        Handler = i => Run(i, env),
    };

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        using var pin = env.Secrets.Get(invocation, "pin", "PIN");
        using var session = CardSession.Open(env, invocation);
        Pkcs15Card card;
        try
        {
            card = session.ReadStructure();
        }
        catch (Pkcs15FormatException e)
        {
            card = Pkcs15Card.WithoutStructure(session.Driver, "malformed: " + e.Message);
        }
        var personaliser = new Pkcs15Personaliser(card);
        LogIn(personaliser, pin);
        EraseResult result;
        using (new Output.Spinner(env.Error, env.ErrorIsTerminal, "Erasing the card"))
            result = personaliser.Erase(new EraseOptions { DestroyKeys = !invocation.Has("keep-keys") });
        var steps = result.Steps.Count == 0 ? ["nothing to erase: the card carries no PKCS#15 structure"] : result.Steps;
        Print(env, invocation, new JsonSteps(steps), CliJson.Context.JsonSteps, o =>
        {
            foreach (var step in steps)
                o.WriteLine(char.ToUpperInvariant(step[0]) + step[1..]);
            o.WriteLine("The applet keeps its PIN and PUK (only reinstalling it resets them).");
        });
        return 0;
    }
}
