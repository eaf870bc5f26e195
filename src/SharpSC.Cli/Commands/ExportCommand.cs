using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Connection;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc export: a public key or certificate as PEM (pkcs15-tool --read-public-key / --read-certificate).</summary>
internal static class ExportCommand
{
    public static CommandSpec Create(CliEnvironment env) => new("export", "Print a public key or certificate of the card as PEM")
    {
        Options =
        [
            new("id", null, "HEX", "the id of the key or certificate (PIV: 01 = 9a, 02 = 9c ...)"),
            Piv.PivCommand.Slot, OpenPgpCommand.Key,
            new("type", null, "TYPE", "public-key (default) or cert"),
            Options.Reader, Options.App, Options.Json, Options.Help,
        ],
        Details = """
            The public key comes from its file on the card (or from the certificate with the same id) as a
            SubjectPublicKeyInfo PEM, what openssl, ssh-keygen -i -m PKCS8 and CSR tools take. A PIV card: the
            slot's key (GET METADATA, else its certificate's); an OpenPGP card: the key the card answers.
            Examples: sharpsc export --id 45 > key.pub.pem; sharpsc export --slot 9a --type cert; sharpsc export --key aut
            """,
        Handler = i => Dispatch(i, env),
    };

    /// <summary>The PEM on stdout; with --json <c>{"type","pem"}</c>.</summary>
    public static int Write(CliEnvironment env, Invocation invocation, string label, byte[] der)
    {
        var pem = Pem(label, der);
        Print(env, invocation, new JsonExport(label == "CERTIFICATE" ? "cert" : "public-key", pem), CliJson.Context.JsonExport, o => o.Write(pem));
        return 0;
    }

    /// <summary>--type: public-key (default) or cert.</summary>
    public static string Type(Invocation invocation)
    {
        var type = invocation.Get("type") ?? "public-key";
        return type is "public-key" or "cert" ? type : throw invocation.Error($"--type is public-key or cert, not '{type}'");
    }

    private static int Dispatch(Invocation invocation, CliEnvironment env)
    {
        if (!invocation.Has("id") && !invocation.Has("slot") && !invocation.Has("key"))
            throw invocation.Error("export needs --id (PIV: or --slot; OpenPGP: --key)");
        Type(invocation);
        return CardFamilies.Dispatch(env, invocation, () => Run(invocation, env), () => Piv.PivObjectCommands.Export(invocation, env),
            () => OpenPgpObjectCommands.Export(invocation, env), CardFamilies.KeyOptions);
    }

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        var id = ParseId(invocation, "id");
        var type = Type(invocation);
        using var session = CardSession.Open(env, invocation);
        var card = session.ReadStructure();
        var app = RequireStructure(card);
        if (type == "cert")
        {
            var cert = app.FindCertificate(id) ?? throw NotFound("certificate", id);
            return Write(env, invocation, "CERTIFICATE", card.ReadValue(cert.Value));
        }
        byte[]? spki = null;
        if (app.FindPublicKey(id) is { } key && PublicKeyEncoding.TryParse(card.ReadValue(key.Value)) is { } info)
            spki = PublicKeyEncoding.SubjectPublicKeyInfo(info);
        else if (app.FindCertificate(id) is { } withKey)
            spki = new Org.BouncyCastle.X509.X509Certificate(card.ReadValue(withKey.Value)).CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded();
        return Write(env, invocation, "PUBLIC KEY", spki ?? throw NotFound("public key", id));
    }

    private static PersonalisationException NotFound(string what, Pkcs15.Pkcs15Id id) =>
        new(PersonalisationError.ObjectNotFound, $"no {what} with id {id} on the card");

}
