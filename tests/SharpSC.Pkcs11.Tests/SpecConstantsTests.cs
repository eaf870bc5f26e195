using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using SharpSC.Pkcs11.Constants;

namespace SharpSC.Pkcs11.Tests;

/// <summary>Our spec constants against the pkcs11.h that p11-kit installs (libp11-kit-dev).</summary>
public sealed partial class SpecConstantsTests
{
    private const string Header = "/usr/include/p11-kit-1/p11-kit/pkcs11.h";

    [GeneratedRegex(@"^#define\s+(CK[A-Z]_[A-Za-z0-9_]+)\s+\(?\s*(0x[0-9A-Fa-f]+|[0-9]+)UL\s*\)?\s*$", RegexOptions.Multiline)]
    private static partial Regex SimpleDefine();

    [Fact]
    public void Every_constant_we_share_with_the_header_has_the_header_value()
    {
        Assert.True(File.Exists(Header), $"{Header} is missing (./build.sh setup installs libp11-kit-dev)");
        var header = SimpleDefine().Matches(File.ReadAllText(Header))
            .ToDictionary(m => m.Groups[1].Value, m => ParseC(m.Groups[2].Value));
        var ours = new[] { typeof(CKR), typeof(CKA), typeof(CKO), typeof(CKK), typeof(CKM), typeof(CKU), typeof(CKS), typeof(CKC), typeof(CKG), typeof(CKZ), typeof(CKD) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .ToDictionary(f => f.Name, f => (ulong)f.GetRawConstantValue()!);

        var compared = 0;
        foreach (var (name, value) in ours)
        {
            if (!header.TryGetValue(name, out var expected)) continue;
            Assert.True(expected == value, $"{name}: ours 0x{value:X}, header 0x{expected:X}");
            compared++;
        }
        Assert.True(compared > 500, $"only {compared} constants compared");
    }

    [Fact]
    public void The_PKCS11_3_0_additions_have_their_spec_values()
    {
        Assert.Equal(0x202UL, CKR.CKR_OPERATION_CANCEL_FAILED);
        Assert.Equal(0x1UL, CKF.CKF_INTERFACE_FORK_SAFE);
        Assert.Equal(0x4UL, CKA.CKA_UNIQUE_ID);
        Assert.Equal(0x41UL, CKK.CKK_EC_MONTGOMERY);
        Assert.Equal(0x1056UL, CKM.CKM_EC_MONTGOMERY_KEY_PAIR_GEN);
    }

    private static ulong ParseC(string literal) =>
        literal.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(literal[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : ulong.Parse(literal, CultureInfo.InvariantCulture);
}
