using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc import-p12: key, certificate and CA chain from a PKCS#12 file (pkcs15-init --store-pkcs12).</summary>
internal static class ImportP12Command
{
    public static CommandSpec Create(CliEnvironment env) => new("import-p12", "Import a private key with its certificate and CA chain from a PKCS#12 file")
    {
        Arguments = ["FILE"],
        RequiredArguments = 1,
        Options =
        [
            new("passphrase", null, "TEXT", "the file's passphrase (default: asked for on the terminal)"),
            new("passphrase-env", null, "VAR", "take the passphrase from environment variable VAR"),
            Options.Id, Options.Label, Options.AuthId, Options.Usage, Options.IdStyle,
            new("no-chain", null, null, "do not store the CA certificates"),
            .. Options.UserPin,
            Piv.PivCommand.Slot, Piv.PivCommand.PinPolicy, Piv.PivCommand.TouchPolicy, Piv.PivCommand.Compress, .. Piv.PivCommand.ManagementKey,
            .. Options.Card,
        ],
        Details = """
            The key is imported into a free key slot (IsoApplet: RSA-2048 or EC, with an applet built with
            DEF_PRIVATE_KEY_IMPORT_ALLOWED), with its public key, its certificate under the same id, and the CA
            certificates not yet on the card. Labels default to the file's friendlyName, else the subject's CN.
            If a step fails, what this import stored is removed again.
            Example: sharpsc import-p12 me.p12 --passphrase-env P12_PASS
            A PIV card: the key and its certificate into the slot --slot names, with the management key (a PIV slot
            holds one certificate: the CA chain is left out). Example: sharpsc import-p12 --slot 9a me.p12
            """,
        Handler = i => Run(i, env),
    };

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        var path = invocation.Argument(0)!;
        var data = ReadInput(env, path);
        Pkcs12Contents contents;
        using (var passphrase = env.Secrets.Get(invocation, "passphrase", "passphrase of " + Path.GetFileName(path)))
        {
            var chars = passphrase.ToChars();
            try
            {
                contents = Pkcs12Reader.Read(data, chars, path);
            }
            finally
            {
                Array.Clear(chars);
            }
        }
        using (contents)
        {
            var family = CardFamilies.Probe(env, invocation);
            if (family == CardFamily.Piv)
                return Piv.PivObjectCommands.ImportP12(invocation, env, contents);
            if (family == CardFamily.OpenPgp)
                throw new Errors.CliException(Errors.ExitCodes.NotSupported, "import-p12 is for PKCS#15 and PIV cards; an OpenPGP card's keys come from keygen --key");
            if (invocation.Has("slot"))
                throw invocation.Error($"--slot is for a PIV card; the card is {CardFamilies.Name(family)}");
            var options = new Pkcs12ImportOptions
            {
                Id = OptionalId(invocation, "id"),
                IdStyle = ParseIdStyle(invocation),
                Label = invocation.Get("label"),
                AuthId = OptionalId(invocation, "auth-id"),
                Usage = ParseUsage(invocation),
                IncludeChain = !invocation.Has("no-chain"),
            };
            return PersonalisingCommand.Run(invocation, env, (session, personaliser) =>
            {
                var result = personaliser.ImportPkcs12(contents, options);
                var view = new CardView(result.Card, session.Reader.Name);
                var json = new JsonImport(view.Key(result.Key.PrivateKey, result.Key.PublicKeyInfo), view.Key(result.Key.PublicKey, result.Key.PublicKeyInfo),
                    result.Chain.Prepend(result.Certificate).Select(view.Certificate).ToList());
                Print(env, invocation, json, CliJson.Context.JsonImport, o =>
                {
                    o.WriteLine($"Imported the key into slot {result.Key.PrivateKey.Key.KeyReference} with {json.Certificates.Count} certificate(s)");
                    CardView.WriteKey(o, json.PrivateKey!);
                    CardView.WriteKey(o, json.PublicKey!);
                    foreach (var cert in json.Certificates)
                        CardView.WriteCertificate(o, cert);
                });
                return 0;
            });
        }
    }
}
