using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Output;
using SharpSC.Pkcs15.Personalisation;
using static SharpSC.Cli.Commands.CommandSupport;

namespace SharpSC.Cli.Commands;

/// <summary>sharpsc keygen: a key pair generated on the card (pkcs15-init --generate-key).</summary>
internal static class KeygenCommand
{
    public static CommandSpec Create(CliEnvironment env) => new("keygen", "Generate a key pair on the card")
    {
        Arguments = ["ALGORITHM"],
        RequiredArguments = 1,
        Options =
        [
            Options.Id, Options.Label, Options.Usage, Options.AuthId, Options.IdStyle,
            new("key-ref", null, "N", "key slot (default: the lowest free one)"),
            .. Options.UserPin,
            Piv.PivCommand.Slot, Piv.PivCommand.PinPolicy, Piv.PivCommand.TouchPolicy, .. Piv.PivCommand.ManagementKey,
            OpenPgpCommand.Key, OpenPgpCommand.AdminPin, OpenPgpCommand.AdminPinEnv,
            .. Options.Card,
        ],
        Details = """
            ALGORITHM: rsa/2048, rsa/4096 (IsoApplet v1), ec/prime256v1, ec/secp384r1, ec/secp521r1, ec/brainpoolP256r1 ...
            The private key never leaves the card; the public key is stored next to it (and printed as PEM).
            Without --id the id is the SHA-1 of the RSA modulus or EC point X (what Firefox/NSS and OpenSC's
            Mozilla id style use), so a certificate for the key finds it.
            Example: sharpsc keygen rsa/2048 --label "Signing key" --usage sign,decrypt
            A PIV card: --slot 9a|9c|9d|9e|82..95 and the management key (the factory key is used, with a note, while
            the card says it is unchanged); as 'sharpsc piv generate'. Example: sharpsc keygen --slot 9a ec/prime256v1
            An OpenPGP card: --key sig|dec|aut and the admin PIN; ALGORITHM also ed25519, cv25519, nistp256, rsa2048 ...;
            as 'sharpsc openpgp keygen'. Example: sharpsc keygen --key sig ed25519 --admin-pin-env PW3
            """,
        Handler = i => CardFamilies.Dispatch(env, i, () => Run(i, env), () => Piv.PivKeyCommands.Generate(i, env),
            () => OpenPgpCommand.Keygen(i, env), CardFamilies.KeyOptions),
    };

    private static int Run(Invocation invocation, CliEnvironment env)
    {
        var request = new KeyGenerationRequest
        {
            Spec = ParseAlgorithm(invocation, invocation.Argument(0)!),
            Id = OptionalId(invocation, "id"),
            IdStyle = ParseIdStyle(invocation),
            Label = invocation.Get("label"),
            Usage = ParseUsage(invocation),
            AuthId = OptionalId(invocation, "auth-id"),
            KeyReference = invocation.GetInt("key-ref"),
        };
        return PersonalisingCommand.Run(invocation, env, (session, personaliser) =>
        {
            KeyPairResult result;
            TimeSpan elapsed;
            var what = request.Spec.Algorithm == Cards.Keys.KeyAlgorithm.Rsa ? $"an RSA-{request.Spec.SizeBits}" : $"an EC {request.Spec.Curve}";
            using (var spinner = new Spinner(env.Error, env.ErrorIsTerminal, $"Generating {what} key on the card"))
            {
                result = personaliser.GenerateKeyPair(request);
                elapsed = spinner.Elapsed;
            }
            var view = new CardView(result.Card, session.Reader.Name);
            var pem = PublicKeyPem(result.SubjectPublicKeyInfo);
            var json = new JsonKeyPair(view.Key(result.PrivateKey, result.PublicKeyInfo), view.Key(result.PublicKey, result.PublicKeyInfo), pem, Math.Round(elapsed.TotalSeconds, 2));
            Print(env, invocation, json, CliJson.Context.JsonKeyPair, o =>
            {
                o.WriteLine($"Generated {what[3..]} key in slot {result.PrivateKey.Key.KeyReference} ({elapsed.TotalSeconds:0.0} s)");
                CardView.WriteKey(o, json.PrivateKey);
                CardView.WriteKey(o, json.PublicKey);
                o.Write(pem);
            });
            return 0;
        });
    }
}
