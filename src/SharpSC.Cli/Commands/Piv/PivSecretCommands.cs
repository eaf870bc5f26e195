using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cards.Errors;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Errors;
using static SharpSC.Cli.Commands.CommandSupport;
using static SharpSC.Cli.Commands.Piv.PivKeyCommands;

namespace SharpSC.Cli.Commands.Piv;

/// <summary>sharpsc piv change-pin | change-puk | unblock-pin | set-mgm-key | reset: the PIV application's secrets.</summary>
internal static class PivSecretCommands
{
    public static IEnumerable<CommandSpec> Create(CliEnvironment env) =>
    [
        new("change-pin", "Change the PIN (6 to 8 characters)")
        {
            Options = [Options.Pin, Options.PinEnv, Options.NewPin, Options.NewPinEnv, .. PivCommand.Card],
            Details = "Same as 'sharpsc pin change'. Example: sharpsc piv change-pin --pin 123456 --new-pin 24681357",
            Handler = i => ChangePin(i, env),
        },
        new("change-puk", "Change the PUK (6 to 8 characters)")
        {
            Options = [Options.Puk, Options.PukEnv, PivCommand.NewPuk, PivCommand.NewPukEnv, .. PivCommand.Card],
            Details = "A YubiKey's factory PUK is 12345678. Example: sharpsc piv change-puk --puk 12345678 --new-puk 87654321",
            Handler = i => ChangePuk(i, env),
        },
        new("unblock-pin", "Set a new PIN with the PUK (also when the PIN is blocked)")
        {
            Options = [Options.Puk, Options.PukEnv, Options.NewPin, Options.NewPinEnv, .. PivCommand.Card],
            Handler = i => UnblockPin(i, env),
        },
        new("set-mgm-key", "Replace the card management key")
        {
            Options = [.. PivCommand.ManagementKey, PivCommand.NewMgmKey, PivCommand.NewMgmKeyEnv, .. PivCommand.Card],
            Details = """
                The new key's length chooses the algorithm: 32 hex digits AES-128, 48 3DES (AES-192 when the current
                key is AES-192), 64 AES-256.
                Example: sharpsc piv set-mgm-key --mgm-key-env OLD --new-mgm-key-env NEW
                """,
            Handler = i => SetManagementKey(i, env),
        },
        new("reset", "Reset the PIV application to its factory state (only when PIN and PUK are both blocked)")
        {
            Options = PivCommand.Card,
            Details = "Deletes every key and certificate; PIN 123456, PUK 12345678 and the factory management key again.",
            Handler = i => Reset(i, env),
        },
    ];

    internal static int ChangePin(Invocation invocation, CliEnvironment env)
    {
        using var oldPin = env.Secrets.Get(invocation, "pin", "current PIN");
        using var newPin = env.Secrets.Get(invocation, "new-pin", "new PIN", confirm: true);
        using var piv = PivSession.Open(env, invocation);
        piv.Driver.ChangePin(PivDriver.Pin, oldPin.Span, newPin.Span);
        return Done(env, invocation, "PIN changed.");
    }

    private static int ChangePuk(Invocation invocation, CliEnvironment env)
    {
        using var oldPuk = env.Secrets.Get(invocation, "puk", "current PUK");
        using var newPuk = env.Secrets.Get(invocation, "new-puk", "new PUK", confirm: true);
        using var piv = PivSession.Open(env, invocation);
        WithPuk(() => piv.Driver.ChangePin(PivDriver.Puk, oldPuk.Span, newPuk.Span));
        return Done(env, invocation, "PUK changed.");
    }

    internal static int UnblockPin(Invocation invocation, CliEnvironment env)
    {
        using var puk = env.Secrets.Get(invocation, "puk", "PUK");
        using var newPin = env.Secrets.Get(invocation, "new-pin", "new PIN", confirm: true);
        using var piv = PivSession.Open(env, invocation);
        WithPuk(() => piv.Driver.UnblockPin(PivDriver.Pin, PivDriver.Puk, puk.Span, newPin.Span));
        return Done(env, invocation, "PIN unblocked and set.");
    }

    private static int SetManagementKey(Invocation invocation, CliEnvironment env)
    {
        using var current = PivManagementKeySource.Get(env, invocation, "current management key");
        using var next = env.Secrets.Get(invocation, "new-mgm-key", "new management key", confirm: true);
        var newKey = PivSession.ParseKey(next, "new management key");
        try
        {
            using var piv = PivSession.Open(env, invocation);
            piv.AuthenticateManagementKey(current);
            piv.Driver.ChangeManagementKey(newKey);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(newKey);
        }
        return Done(env, invocation, "Management key changed.");
    }

    private static int Reset(Invocation invocation, CliEnvironment env)
    {
        using var piv = PivSession.Open(env, invocation);
        try
        {
            piv.Driver.ResetApplication();
        }
        catch (CardException e) when (e.Error == CardError.ConditionsNotSatisfied)
        {
            throw new CliException(ExitCodes.CardState, "the card resets its PIV application only when PIN and PUK are both blocked", e);
        }
        return Done(env, invocation, "PIV application reset: PIN 123456, PUK 12345678, factory management key, no keys.");
    }
}
