using SharpSC.Cli.CommandLine;
using SharpSC.Cli.Secrets;

namespace SharpSC.Cli.Commands.Piv;

/// <summary>
/// The card management key a PIV write needs: --mgm-key, --mgm-key-env, else the factory key when the card's
/// GET METADATA (YubiKey 5.3+) says the key is still the factory one (with a note on stderr), else the no-echo
/// prompt, which fails with exit code 2 when there is no terminal. The card is released before the prompt.
/// </summary>
internal static class PivManagementKeySource
{
    public static Secret Get(CliEnvironment env, Invocation invocation, string prompt = "management key")
    {
        if (SecretSource.Given(invocation, "mgm-key"))
            return env.Secrets.Get(invocation, "mgm-key", prompt);
        bool isDefault;
        using (var piv = PivSession.Open(env, invocation))
            isDefault = piv.Driver.GetManagementKeyMetadata()?.IsDefault == true;
        if (!isDefault)
            return env.Secrets.Get(invocation, "mgm-key", prompt);
        env.Error.WriteLine($"{CliApp.Name}: note: the card still has the factory management key, so it is used; change it with 'sharpsc piv set-mgm-key'");
        return new Secret(System.Text.Encoding.ASCII.GetBytes(PivSession.FactoryManagementKeyHex));
    }
}
