using SharpSC.Cli.CommandLine;

namespace SharpSC.Cli.Commands;

/// <summary>The options several commands share, so that they read and behave the same everywhere.</summary>
internal static class Options
{
    public static readonly OptionSpec Help = new("help", 'h', null, "show this help");
    public static readonly OptionSpec Version = new("version", null, null, "print the version");
    public static readonly OptionSpec Reader = new("reader", 'r', "READER", "reader index or name (default: the first reader with a card)");
    public static readonly OptionSpec App = new("app", null, "APP",
        "the application on a card that carries several, by name or number, e.g. piv, openpgp (default: the first)");
    public static readonly OptionSpec Json = new("json", null, null, "print JSON for scripts instead of text");
    public static readonly OptionSpec Pin = new("pin", null, "PIN", "the user PIN (default: asked for on the terminal, without echo)");
    public static readonly OptionSpec PinEnv = new("pin-env", null, "VAR", "take the user PIN from environment variable VAR");
    public static readonly OptionSpec Puk = new("puk", null, "PUK", "the PUK (IsoApplet: 16 characters)");
    public static readonly OptionSpec PukEnv = new("puk-env", null, "VAR", "take the PUK from environment variable VAR");
    public static readonly OptionSpec NewPin = new("new-pin", null, "PIN", "the new user PIN (default: asked for twice on the terminal)");
    public static readonly OptionSpec NewPinEnv = new("new-pin-env", null, "VAR", "take the new PIN from environment variable VAR");
    public static readonly OptionSpec Id = new("id", null, "HEX", "object id in hex, e.g. 45");
    public static readonly OptionSpec Label = new("label", null, "TEXT", "label");
    public static readonly OptionSpec AuthId = new("auth-id", null, "HEX", "auth-id of the PIN that protects the key (default: the user PIN)");
    public static readonly OptionSpec Usage = new("usage", null, "LIST",
        "key usage: sign, decrypt, derive, nonRepudiation, or X.509 names (default: sign,decrypt for RSA, sign for EC)");
    public static readonly OptionSpec IdStyle = new("id-style", null, "STYLE",
        "default id: mozilla (SHA-1 of the modulus or EC X, default), rfc2459 (SHA-1 of the public key), native (45, 46 ...)");

    /// <summary>What every command that talks to a card application takes.</summary>
    public static OptionSpec[] Card => [Reader, App, Json, Help];

    /// <summary>What a command that talks to the card as a whole (not one application) takes.</summary>
    public static OptionSpec[] CardAsAWhole => [Reader, Json, Help];

    /// <summary>What every command that needs the user PIN takes.</summary>
    public static OptionSpec[] UserPin => [Pin, PinEnv];
}
