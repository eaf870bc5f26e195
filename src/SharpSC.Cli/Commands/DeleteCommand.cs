using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc delete: objects by id or label (pkcs15-init --delete-objects).</summary>
internal static class DeleteCommand
{
    private static readonly string[] Types = ["all", "key", "private-key", "public-key", "cert", "data"];

    public static CommandSpec Create(CliEnvironment env) => new("delete", "Delete keys, certificates or data objects by id or label")
    {
        Options =
        [
            new("id", null, "HEX", "delete the objects with this id"),
            new("label", null, "TEXT", "delete the objects with this label"),
            new("type", null, "TYPE", "only these: all (default), key, private-key, public-key, cert, data"),
            new("keep-key-material", null, null, "free the key slot without overwriting the key in it"),
            .. Options.UserPin,
            Piv.PivCommand.Slot, .. Piv.PivCommand.ManagementKey,
            OpenPgpCommand.Key, OpenPgpCommand.AdminPin, OpenPgpCommand.AdminPinEnv,
            .. Options.Card,
        ],
        Details = """
            An object's directory entry goes first, then its file. IsoApplet cannot delete a key: its slot is
            overwritten with a throwaway key so the old one cannot be used any more (unless --keep-key-material).
            Example: sharpsc delete --id 45
            A PIV card: the certificate of the slot --slot (or --id 01..18) names, with the management key; a PIV card
            cannot delete a key (--type key is refused; 'sharpsc piv reset' empties every slot).
            An OpenPGP card: --key sig|dec|aut --type cert deletes the key's certificate, with the admin PIN.
            """,
        Handler = i => Dispatch(i, env),
    };

    private static int Dispatch(Invocation invocation, CliEnvironment env)
    {
        invocation.Exclusive("id", "label");
        if (!invocation.Has("id") && !invocation.Has("label") && !invocation.Has("slot") && !invocation.Has("key"))
            throw invocation.Error("delete needs --id or --label (PIV: or --slot; OpenPGP: --key)");
        if (!Types.Contains(invocation.Get("type") ?? "all"))
            throw invocation.Error($"--type is one of {string.Join(", ", Types)}, not '{invocation.Get("type")}'");
        return CardFamilies.Dispatch(env, invocation, () => Run(invocation, env), () => Piv.PivObjectCommands.Delete(invocation, env),
            () => OpenPgpObjectCommands.Delete(invocation, env), CardFamilies.KeyOptions);
    }

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        var id = OptionalId(invocation, "id");
        var label = invocation.Get("label");
        if (id is null && label is null)
            throw invocation.Error("delete needs --id or --label");
        var type = invocation.Get("type") ?? "all";
        if (!Types.Contains(type))
            throw invocation.Error($"--type is one of {string.Join(", ", Types)}, not '{type}'");
        return PersonalisingCommand.Run(invocation, env, (session, personaliser) =>
        {
            var app = RequireStructure(personaliser.Card);
            var targets = app.AllObjects
                .Where(o => o is not PinObject && o is not UnknownObject)
                .Where(o => id is { } wanted ? o.ObjectId == wanted : o.Label == label)
                .Where(o => Matches(o, type))
                .ToList();
            if (targets.Count == 0)
                throw new PersonalisationException(PersonalisationError.ObjectNotFound,
                    $"no {(type == "all" ? "object" : type)} with {(id is { } i ? $"id {i}" : $"label '{label}'")} on the card");
            var described = targets.Select(Describe).ToList();
            using (new Spinner(env.Error, env.ErrorIsTerminal, "Deleting"))
                personaliser.DeleteObjects(targets, destroyKeyMaterial: !invocation.Has("keep-key-material"));
            Print(env, invocation, new JsonObjects(described), CliJson.Context.JsonObjects, o =>
            {
                foreach (var line in described)
                    o.WriteLine("Deleted " + line);
            });
            return 0;
        });
    }

    private static bool Matches(Pkcs15Object obj, string type) => type switch
    {
        "key" => obj is PrivateKeyObject or PublicKeyObject,
        "private-key" => obj is PrivateKeyObject,
        "public-key" => obj is PublicKeyObject,
        "cert" => obj is CertificateObject,
        "data" => obj is DataObject,
        _ => true,
    };

    private static string Describe(Pkcs15Object obj) => obj switch
    {
        PrivateKeyObject k => $"private key \"{k.Label}\" (id {k.Key.Id}, slot {k.Key.KeyReference})",
        PublicKeyObject k => $"public key \"{k.Label}\" (id {k.Key.Id})",
        CertificateObject c => $"certificate \"{c.Label}\" (id {c.Id})",
        _ => $"data object \"{obj.Label}\"",
    };
}
