using SharpSC.Cards.Drivers;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Drivers.Piv;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Connection;

namespace SharpSC.Cli.Commands;

/// <summary>What the generic commands (info, list, keygen, pin ...) do differs by the kind of application they meet.</summary>
internal enum CardFamily
{
    /// <summary>A file system card with a PKCS#15 structure (IsoApplet, MyEID, the virtual card).</summary>
    Pkcs15,

    /// <summary>A PIV application (YubiKey, SP 800-73-4): fixed slots, the card management key.</summary>
    Piv,

    /// <summary>An OpenPGP card application: three key slots, PW1, PW3 and the resetting code.</summary>
    OpenPgp,
}

/// <summary>
/// Sends a generic command to the implementation for the family of the application --app chooses. The card is
/// looked at once, briefly, before any secret is asked for: which secret a command needs (the PIN, the PIV
/// management key, the OpenPGP admin PIN) depends on the family, and a prompt must not hold the card.
/// </summary>
internal static class CardFamilies
{
    public static CardFamily Of(CardDriver driver) => driver switch
    {
        PivDriver => CardFamily.Piv,
        OpenPgpDriver => CardFamily.OpenPgp,
        _ => CardFamily.Pkcs15,
    };

    public static string Name(CardFamily family) => family switch
    {
        CardFamily.Piv => "a PIV card",
        CardFamily.OpenPgp => "an OpenPGP card",
        _ => "a PKCS#15 card",
    };

    public static CardFamily Probe(CliEnvironment env, Invocation invocation) => Probe(env, invocation, out _);

    private static CardFamily Probe(CliEnvironment env, Invocation invocation, out string others)
    {
        using var session = CardSession.Open(env, invocation);
        var chosen = session.Application;
        others = string.Join(", ", session.Applications.Found.Where(a => a != chosen).Select(a => a.Name));
        return Of(session.Driver);
    }

    /// <summary>
    /// Runs the family's implementation. An option given that belongs to another family only (--slot on an
    /// OpenPGP card) is a usage error rather than silently ignored.
    /// </summary>
    public static int Dispatch(CliEnvironment env, Invocation invocation, Func<int> pkcs15, Func<int>? piv, Func<int>? openPgp,
        IReadOnlyDictionary<string, CardFamily>? familyOptions = null)
    {
        var family = Probe(env, invocation, out var others);
        foreach (var (option, owner) in familyOptions ?? NoOptions)
        {
            if (owner != family && invocation.Has(option))
            {
                throw invocation.Error($"--{option} is for {Name(owner)}; the card is {Name(family)}" +
                    (others.Length > 0 ? $" (it also carries {others}: choose with --app)" : ""));
            }
        }
        var run = family switch
        {
            CardFamily.Piv => piv,
            CardFamily.OpenPgp => openPgp,
            _ => pkcs15,
        };
        return run is null
            ? throw new Errors.CliException(Errors.ExitCodes.NotSupported, $"'{invocation.Path}' does not apply to {Name(family)}")
            : run();
    }

    private static readonly Dictionary<string, CardFamily> NoOptions = [];

    /// <summary>The options of the generic key commands that only PIV or only OpenPGP takes.</summary>
    public static IReadOnlyDictionary<string, CardFamily> KeyOptions { get; } = new Dictionary<string, CardFamily>
    {
        ["slot"] = CardFamily.Piv,
        ["mgm-key"] = CardFamily.Piv,
        ["mgm-key-env"] = CardFamily.Piv,
        ["pin-policy"] = CardFamily.Piv,
        ["touch-policy"] = CardFamily.Piv,
        ["key"] = CardFamily.OpenPgp,
        ["admin-pin"] = CardFamily.OpenPgp,
        ["admin-pin-env"] = CardFamily.OpenPgp,
    };
}
