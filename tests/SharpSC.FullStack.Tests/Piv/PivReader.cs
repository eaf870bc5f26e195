using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Piv;

/// <summary>
/// The reader of the PIV full-stack tests: the first Yubico-named vpcd reader (./build.sh setup installs it),
/// because ykcs11 2.2.0 makes slots only for readers whose names start with "Yubico"; our module, OpenSC and
/// yubico-piv-tool use any reader, so every referee sees the same card there.
/// </summary>
internal static class PivReader
{
    public static int Port => Pcscd.YubicoReaders[0].Port;

    public static string Name => Pcscd.YubicoReaders[0].Name;

    /// <summary>OpenSC's -r index of the reader.</summary>
    public static string OpenScIndex => Pcscd.OpenScReaderIndex(Name).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A YubiKey's factory PIN, PUK and 3DES management key (the virtual card's too).</summary>
    public const string Pin = "123456";
    public const string Puk = "12345678";
    public const string ManagementKey = "010203040506070801020304050607080102030405060708";

    /// <summary>The card's serial as yubico-piv-tool reads it (GET SERIAL; a new virtual card draws one).</summary>
    public static string Serial()
    {
        var status = YubicoPivTool("-a", "status").StdOut;
        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith("Serial Number:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("yubico-piv-tool status shows no serial:\n" + status);
        return line["Serial Number:".Length..].Trim();
    }

    public const string OpenScModule = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";
    public const string Ykcs11Module = "/usr/lib/x86_64-linux-gnu/libykcs11.so";

    /// <summary>Starts a factory-fresh virtual YubiKey PIV card in the reader.</summary>
    public static VirtualCardProcess StartCard(TempDir dir) => VirtualCardProcess.Start(Port, dir.File("card.state"), "piv");

    /// <summary>Runs yubico-piv-tool on the reader; the test fails with its output when it fails.</summary>
    public static ProcessResult YubicoPivTool(params string[] args) =>
        ProcessRunner.RunChecked("yubico-piv-tool", ["-r", Name, .. args]);
}
