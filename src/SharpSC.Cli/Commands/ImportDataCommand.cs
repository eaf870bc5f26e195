using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc import-data: a file as a PKCS#15 data object (pkcs15-init --store-data).</summary>
internal static class ImportDataCommand
{
    public static CommandSpec Create(CliEnvironment env) => new("import-data", "Store a file as a data object (PKCS#11 CKO_DATA)")
    {
        Arguments = ["FILE"],
        RequiredArguments = 1,
        Options =
        [
            Options.Label,
            new("app-name", null, "TEXT", "application name"),
            new("oid", null, "OID", "application OID, dotted"),
            new("private", null, null, "readable only with the PIN"),
            .. Options.UserPin, .. Options.Card,
        ],
        Handler = i => Run(i, env),
    };

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        var path = invocation.Argument(0)!;
        var request = new DataObjectRequest
        {
            Value = ReadInput(env, path),
            Label = invocation.Get("label") ?? Path.GetFileName(path),
            ApplicationName = invocation.Get("app-name"),
            ApplicationOid = invocation.Get("oid"),
            Private = invocation.Has("private"),
        };
        return PersonalisingCommand.Run(invocation, env, (session, personaliser) =>
        {
            var result = personaliser.StoreDataObject(request);
            var json = new CardView(result.Card, session.Reader.Name).Data(result.Object);
            Print(env, invocation, new JsonDataStored(json), CliJson.Context.JsonDataStored, o =>
            {
                o.WriteLine($"Stored {request.Value.Length} bytes as {(json.Private ? "private" : "public")} data object \"{json.Label}\"");
                TextBlock.Write(o, [("File", json.Path), ("URI", json.Uri)]);
            });
            return 0;
        });
    }
}
