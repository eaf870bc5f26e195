using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc import-cert: an X.509 certificate stored next to its key (pkcs15-init --store-certificate).</summary>
internal static class ImportCertCommand
{
    public static CommandSpec Create(CliEnvironment env) => new("import-cert", "Store an X.509 certificate (PEM or DER) on the card")
    {
        Arguments = ["FILE"],
        RequiredArguments = 1,
        Options =
        [
            Options.Id, Options.Label,
            new("format", null, "FORMAT", "pem, der or auto (default: auto)"),
            new("authority", null, null, "store it as a CA certificate"),
            .. Options.UserPin,
            Piv.PivCommand.Slot, Piv.PivCommand.Compress, .. Piv.PivCommand.ManagementKey,
            OpenPgpCommand.Key, OpenPgpCommand.AdminPin, OpenPgpCommand.AdminPinEnv,
            .. Options.Card,
        ],
        Details = """
            Without --id the certificate gets the id of the key on the card with the same public key (or, for a
            certificate without a key on the card, the id derived from its public key). The label defaults to
            "Certificate", as with OpenSC. A PEM file with several certificates: the first is stored.
            Example: sharpsc import-cert cert.pem
            A PIV card: into the slot --slot names, with the management key (as 'sharpsc piv import-cert').
            An OpenPGP card: as the certificate of the key --key names (sig, dec, aut), with the admin PIN.
            """,
        Handler = i => CardFamilies.Dispatch(env, i, () => Run(i, env), () => Piv.PivKeyCommands.ImportCertificate(i, env),
            () => OpenPgpObjectCommands.ImportCertificate(i, env), CardFamilies.KeyOptions),
    };

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        var path = invocation.Argument(0)!;
        var format = invocation.Get("format")?.ToLowerInvariant() switch
        {
            null or "auto" => CertificateFormat.Auto,
            "pem" => CertificateFormat.Pem,
            "der" => CertificateFormat.Der,
            var other => throw invocation.Error($"--format is pem, der or auto, not '{other}'"),
        };
        var certificates = CertificateInput.Read(ReadInput(env, path), format, path);
        var request = new CertificateStoreRequest
        {
            Certificate = certificates[0],
            Id = OptionalId(invocation, "id"),
            Label = invocation.Get("label"),
            Authority = invocation.Has("authority"),
        };
        return PersonalisingCommand.Run(invocation, env, (session, personaliser) =>
        {
            var result = personaliser.StoreCertificate(request);
            var json = new CardView(result.Card, session.Reader.Name).Certificate(result.Object);
            Print(env, invocation, new JsonImport(null, null, [json]), CliJson.Context.JsonImport, o =>
            {
                o.WriteLine($"Stored the certificate in {result.Object.Value.Path?.Hex}");
                CardView.WriteCertificate(o, json);
                if (certificates.Count > 1)
                    o.WriteLine($"Note: {path} holds {certificates.Count - 1} more certificate(s); only the first was stored");
            });
            return 0;
        });
    }
}
