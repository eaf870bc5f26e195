using SharpSC.Cli.Connection;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15;
using SharpSC.Pkcs15.Card;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc dump (pkcs15-tool --dump layout) and sharpsc list (readable, with PKCS#11 URIs).</summary>
internal static class DumpCommand
{
    public static CommandSpec CreateDump(CliEnvironment env) => new("dump", "Print the card's PKCS#15 structure as 'pkcs15-tool --dump' does")
    {
        Options = Options.Card,
        Details = """
            Same layout as OpenSC's pkcs15-tool --dump; with --json the structure as 'sharpsc list --json' prints it.
            A PIV or OpenPGP card: each key slot with its key, public key, certificate and PKCS#11 URIs.
            """,
        Handler = i => Dispatch(i, env, dump: true),
    };

    public static CommandSpec CreateList(CliEnvironment env) => new("list", "List the keys, certificates and data objects with their PKCS#11 URIs")
    {
        Options = Options.Card,
        Details = """
            Each key and certificate comes with an RFC 7512 pkcs11: URI to give to OpenSSL, ssh or p11tool with SharpSC's module.
            A PIV or OpenPGP card: its key slots (PIV: 9a, 9c ... with ids 01, 02 ...; OpenPGP: sig, dec, aut with ids 01, 02, 03).
            """,
        Handler = i => Dispatch(i, env, dump: false),
    };

    private static int Dispatch(Invocation invocation, CliEnvironment env, bool dump) => CardFamilies.Dispatch(env, invocation,
        () => Run(invocation, env, dump), () => Piv.PivObjectCommands.List(invocation, env, dump), () => OpenPgpObjectCommands.List(invocation, env, dump));

    private static int Run(Invocation invocation, CliEnvironment env, bool dump)
    {
        using var session = CardSession.Open(env, invocation);
        var card = session.ReadStructure();
        var app = RequireStructure(card);
        var view = new CardView(card, session.Reader.Name);
        Print(env, invocation, view.ToJson(), CliJson.Context.JsonCard, o =>
        {
            if (dump)
                o.Write(Pkcs15Dump.Format(app, path => Pkcs15Card.ReadFileOrNull(card.Driver, path)));
            else
                view.WriteText(o);
        });
        return 0;
    }
}
