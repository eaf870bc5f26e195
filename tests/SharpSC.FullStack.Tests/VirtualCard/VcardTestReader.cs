using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.VirtualCard;

/// <summary>The one place that says which vpcd reader the virtual-card tests use.</summary>
internal static class VcardTestReader
{
    /// <summary>vpcd port: 35964 = "Virtual PCD 00 01" (35963, reader 0, belongs to the lead's tests).</summary>
    public const int Port = 35964;

    public static string Name => Pcscd.VirtualReaders.First(r => r.Port == Port).Name;

    /// <summary>OpenSC's reader index (opensc-tool -r, pkcs15-init -r) and pkcs11-tool's slot index.</summary>
    public static string Index => Pcscd.OpenScReaderIndex(Name).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Binary => RepoPaths.Bin("sharpsc-vcard");
}

/// <summary>A full-stack fact that is skipped, with the reason, when sharpsc-vcard has not been built.</summary>
public sealed class VcardFactAttribute : FactAttribute
{
    public VcardFactAttribute()
    {
        if (!File.Exists(VcardTestReader.Binary))
            Skip = $"{VcardTestReader.Binary} is missing: build it with 'dotnet publish src/SharpSC.VirtualCard.Cli -c Release -r linux-x64 -o artifacts/bin'";
    }
}
