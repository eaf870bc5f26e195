using SharpSC.Cli.CommandLine;

namespace SharpSC.Cli.Commands.Piv;

/// <summary>
/// sharpsc piv: what a PIV card (a YubiKey, an SP 800-73-4 card) offers beyond PKCS#15: slots, the card
/// management key, attestation, PUK and the application reset.
/// </summary>
internal static class PivCommand
{
    public static readonly OptionSpec Slot = new("slot", 's', "SLOT", "PIV slot: 9a (authentication), 9c (signature), 9d (key management), 9e (card authentication), 82..95 (retired)");
    public static readonly OptionSpec MgmKey = new("mgm-key", null, "HEX", "the card management key in hex (default: the factory key while GET METADATA says it is unchanged, else asked for on the terminal, without echo)");
    public static readonly OptionSpec MgmKeyEnv = new("mgm-key-env", null, "VAR", "take the management key from environment variable VAR");
    public static readonly OptionSpec NewMgmKey = new("new-mgm-key", null, "HEX", "the new management key: 32 (AES-128), 48 (3DES) or 64 (AES-256) hex digits");
    public static readonly OptionSpec NewMgmKeyEnv = new("new-mgm-key-env", null, "VAR", "take the new management key from environment variable VAR");
    public static readonly OptionSpec NewPuk = new("new-puk", null, "PUK", "the new PUK (default: asked for twice on the terminal)");
    public static readonly OptionSpec NewPukEnv = new("new-puk-env", null, "VAR", "take the new PUK from environment variable VAR");

    public static readonly OptionSpec PinPolicy = new("pin-policy", null, "POLICY", "PIV: default, never, once or always (YubiKey)");
    public static readonly OptionSpec TouchPolicy = new("touch-policy", null, "POLICY", "PIV: default, never, always or cached (YubiKey)");
    public static readonly OptionSpec Compress = new("compress", null, null, "PIV: store the certificate gzip-compressed, as yubico-piv-tool --compress");

    public static readonly OptionSpec App = new("app", null, "APP", "the application on a card that carries several, by name or number (default: piv)");

    public static OptionSpec[] ManagementKey => [MgmKey, MgmKeyEnv];

    /// <summary>What every `sharpsc piv` command takes (as <see cref="Options.Card"/>, with --app defaulting to PIV).</summary>
    public static OptionSpec[] Card => [Options.Reader, App, Options.Json, Options.Help];

    public static CommandSpec Create(CliEnvironment env) => new("piv", "PIV cards (YubiKey, SP 800-73-4): slots, management key, attestation, reset")
    {
        Options = [Options.Help],
        Details = """
            Writes (generate, import-cert, delete-cert) need the card management key, given in hex (a YubiKey's
            factory key is 010203040506070801020304050607080102030405060708: change it with set-mgm-key).
            The same keys appear in the PKCS#11 module with OpenSC's ids: 01 = 9a, 02 = 9c, 03 = 9d, 04 = 9e, 05..18 = 82..95.
            The generic commands work on a PIV card too: info, list, dump, export --slot, keygen --slot, import-cert --slot,
            import-p12 --slot, pin change, pin unblock, delete --slot. Without --mgm-key the factory key is used (with a
            note) only while the card's GET METADATA says it is unchanged.
            """,
        Subcommands =
        [
            PivStatusCommand.Create(env),
            .. PivKeyCommands.Create(env),
            .. PivSecretCommands.Create(env),
        ],
    };
}
