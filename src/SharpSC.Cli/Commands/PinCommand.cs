using SharpSC.Cli.Connection;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc pin change | unblock.</summary>
internal static class PinCommand
{
    public static CommandSpec Create(CliEnvironment env) => new("pin", "Change or unblock the user PIN")
    {
        Options = [Options.Help],
        Subcommands =
        [
            new("change", "Change the user PIN (needs the current one)")
            {
                Options = [Options.Pin, Options.PinEnv, Options.NewPin, Options.NewPinEnv, .. Options.Card],
                Details = "PIV: the PIV PIN; OpenPGP: the user PIN PW1. Example: sharpsc pin change --pin 123456 --new-pin 654321",
                Handler = i => CardFamilies.Dispatch(env, i, () => Change(i, env), () => Piv.PivSecretCommands.ChangePin(i, env),
                    () => OpenPgpCommand.ChangeUserPin(i, env)),
            },
            new("unblock", "Set a new user PIN with the PUK (also when the PIN is blocked)")
            {
                Options =
                [
                    Options.Puk, Options.PukEnv, Options.NewPin, Options.NewPinEnv,
                    OpenPgpCommand.ResetCode, OpenPgpCommand.ResetCodeEnv, OpenPgpCommand.AdminPin, OpenPgpCommand.AdminPinEnv,
                    .. Options.Card,
                ],
                Details = """
                    IsoApplet: the PUK has 5 tries; a blocked PUK cannot be reset. PIV: the PUK (factory 12345678).
                    OpenPGP: the resetting code (--reset-code), or the admin PIN PW3 (--admin-pin).
                    Example: sharpsc pin unblock --puk 0123456789abcdef --new-pin 123456
                    """,
                Handler = i => CardFamilies.Dispatch(env, i, () => Unblock(i, env), () => Piv.PivSecretCommands.UnblockPin(i, env),
                    () => OpenPgpCommand.Unblock(i, env), OpenPgpSecretOptions),
            },
        ],
    };

    private static readonly Dictionary<string, CardFamily> OpenPgpSecretOptions = new()
    {
        ["reset-code"] = CardFamily.OpenPgp,
        ["reset-code-env"] = CardFamily.OpenPgp,
        ["admin-pin"] = CardFamily.OpenPgp,
        ["admin-pin-env"] = CardFamily.OpenPgp,
    };

    private static int Change(Invocation invocation, CliEnvironment env)
    {
        using var oldPin = env.Secrets.Get(invocation, "pin", "current PIN");
        using var newPin = env.Secrets.Get(invocation, "new-pin", "new PIN", confirm: true);
        using var session = CardSession.Open(env, invocation);
        new Pkcs15Personaliser(session.ReadStructure()).ChangeUserPin(oldPin.Span, newPin.Span);
        return Done(env, invocation, "PIN changed.");
    }

    private static int Unblock(Invocation invocation, CliEnvironment env)
    {
        using var puk = env.Secrets.Get(invocation, "puk", "PUK");
        using var newPin = env.Secrets.Get(invocation, "new-pin", "new PIN", confirm: true);
        using var session = CardSession.Open(env, invocation);
        var personaliser = new Pkcs15Personaliser(session.ReadStructure());
        WithPuk(() => personaliser.UnblockUserPin(puk.Span, newPin.Span));
        return Done(env, invocation, "PIN unblocked and set.");
    }

    private static int Done(CliEnvironment env, Invocation invocation, string message)
    {
        Print(env, invocation, new JsonSteps([message]), CliJson.Context.JsonSteps, o => o.WriteLine(message));
        return 0;
    }
}
