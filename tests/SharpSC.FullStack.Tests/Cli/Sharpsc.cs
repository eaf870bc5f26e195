using System.Text.Json;
using SharpSC.FullStack.Tests.VirtualCard;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Cli;

/// <summary>The published artifacts/bin/sharpsc against the virtual card in the CLI tests' vpcd reader (VcardTestReader).</summary>
internal static class Sharpsc
{
    public const string Pin = "123456";
    public const string Puk = "0123456789abcdef";

    public static string Binary => RepoPaths.Bin("sharpsc");

    /// <summary>Runs sharpsc with the arguments as given (no reader added).</summary>
    public static ProcessResult Raw(IEnumerable<string> args, IDictionary<string, string?>? env = null) =>
        ProcessRunner.Run(Binary, args, env, stdin: "", timeout: TimeSpan.FromMinutes(2));

    /// <summary>Runs a card command on the test reader.</summary>
    public static ProcessResult Run(params string[] args) => Raw([.. args, "--reader", VcardTestReader.Name]);

    /// <summary>Runs a card command and requires exit code 0.</summary>
    public static ProcessResult Ok(params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 0, $"sharpsc {string.Join(' ', args)}: {r}");
        return r;
    }

    public static JsonElement Json(params string[] args) => JsonDocument.Parse(Ok([.. args, "--json"]).StdOut).RootElement;

    /// <summary>init as the seed guide does it: one user PIN and a PUK, no SO PIN.</summary>
    public static void Init(string label = "SharpSC Test") => Ok("init", "--label", label, "--pin", Pin, "--puk", Puk, "--no-so-pin");

    /// <summary>OpenSC's reader index of the test reader (opensc-tool -r, pkcs15-init -r, pkcs11-tool --slot-index).</summary>
    public static string OpenScIndex => Pcscd.OpenScReaderIndex(VcardTestReader.Name).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A full-stack fact that needs sharpsc and sharpsc-vcard; skipped with the reason when they are not built.</summary>
public sealed class SharpscFactAttribute : FactAttribute
{
    public SharpscFactAttribute() => Skip = SharpscTheoryAttribute.MissingBinaries();
}

public sealed class SharpscTheoryAttribute : TheoryAttribute
{
    public SharpscTheoryAttribute() => Skip = MissingBinaries();

    internal static string? MissingBinaries()
    {
        foreach (var (binary, project) in new[] { (Sharpsc.Binary, "src/SharpSC.Cli"), (VcardTestReader.Binary, "src/SharpSC.VirtualCard.Cli") })
        {
            if (!File.Exists(binary))
                return $"{binary} is missing: build it with 'dotnet publish {project} -c Release -r linux-x64 -o artifacts/bin' (or ./build.sh)";
        }
        return null;
    }
}
