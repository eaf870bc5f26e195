using SharpSC.Cli.Connection;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Secrets;
using SharpSC.Pkcs15.Personalisation;

namespace SharpSC.Cli.Commands;

/// <summary>
/// The frame of every command that changes an initialised card: the PIN is obtained before the card is
/// touched (a prompt must not hold the card), then one session: read the structure, verify the PIN, act.
/// </summary>
internal static class PersonalisingCommand
{
    public static int Run(Invocation invocation, CliEnvironment env, Func<CardSession, Pkcs15Personaliser, int> act)
    {
        using var pin = env.Secrets.Get(invocation, "pin", "PIN");
        return RunWithPin(invocation, env, pin, act);
    }

    public static int RunWithPin(Invocation invocation, CliEnvironment env, Secret pin, Func<CardSession, Pkcs15Personaliser, int> act)
    {
        using var session = CardSession.Open(env, invocation);
        var card = session.ReadStructure();
        CommandSupport.RequireStructure(card);
        var personaliser = new Pkcs15Personaliser(card);
        CommandSupport.LogIn(personaliser, pin);
        return act(session, personaliser);
    }
}
