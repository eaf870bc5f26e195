using System.Text;
using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Errors;

namespace SharpSC.Cli.Secrets;

/// <summary>
/// Gets a secret from --NAME VALUE, from --NAME-env VARIABLE, or by a no-echo prompt on the terminal, in that
/// order; fails clearly when none is given and there is no terminal to ask.
/// </summary>
internal sealed class SecretSource(ITerminal terminal, Func<string, string?> environment)
{
    /// <param name="option">"pin", "puk", "new-pin", "passphrase" (its -env twin is option + "-env").</param>
    /// <param name="prompt">"PIN", "new PIN" ...: how the prompt and the messages call it.</param>
    /// <param name="confirm">Ask twice when prompting (a new PIN).</param>
    public Secret Get(Invocation invocation, string option, string prompt, bool confirm = false)
    {
        invocation.Exclusive(option, option + "-env");
        if (invocation.Get(option) is { } given)
            return new Secret(Encoding.UTF8.GetBytes(given));
        if (invocation.Get(option + "-env") is { } variable)
        {
            var value = environment(variable)
                ?? throw new CliException(ExitCodes.Usage, $"--{option}-env names {variable}, which is not set");
            return new Secret(Encoding.UTF8.GetBytes(value));
        }
        var first = terminal.ReadSecret($"{char.ToUpperInvariant(prompt[0])}{prompt[1..]}: ")
            ?? throw new CliException(ExitCodes.Usage,
                $"no {prompt} given and no terminal to ask for it: use --{option} or --{option}-env VARIABLE");
        if (!confirm)
            return new Secret(first);
        using var firstSecret = new Secret(first);
        using var second = new Secret(terminal.ReadSecret($"Repeat the {prompt}: ") ?? []);
        if (!firstSecret.Span.SequenceEqual(second.Span))
            throw new CliException(ExitCodes.Usage, $"the two {prompt} entries differ");
        return new Secret(firstSecret.Span.ToArray());
    }

    /// <summary>True when the secret can be had without asking (given on the command line or in the environment).</summary>
    public static bool Given(Invocation invocation, string option) => invocation.Has(option) || invocation.Has(option + "-env");
}
