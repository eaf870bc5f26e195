using System.Runtime.InteropServices;
using SharpSC.Native.Abi;

namespace SharpSC.Pkcs11.Tests.Abi;

/// <summary>
/// Sizes and field offsets of the ABI structures against the PKCS#11 headers on 64-bit Linux
/// (natural alignment, CK_ULONG = 8 bytes), as a C compiler lays them out.
/// </summary>
public sealed unsafe class StructLayoutTests
{
    private static int Offset<T>(string field) => (int)Marshal.OffsetOf<T>(field);

    [Fact]
    public void CULong_is_the_platform_unsigned_long()
    {
        Assert.Equal(OperatingSystem.IsWindows() ? 4 : 8, sizeof(CULong));
    }

    [Fact]
    public void Structures_have_the_header_sizes()
    {
        Assert.Equal(2, sizeof(CK_VERSION));
        Assert.Equal(88, sizeof(CK_INFO));
        Assert.Equal(112, sizeof(CK_SLOT_INFO));
        Assert.Equal(208, sizeof(CK_TOKEN_INFO));
        Assert.Equal(32, sizeof(CK_SESSION_INFO));
        Assert.Equal(24, sizeof(CK_MECHANISM_INFO));
        Assert.Equal(24, sizeof(CK_ATTRIBUTE));
        Assert.Equal(24, sizeof(CK_MECHANISM));
        Assert.Equal(48, sizeof(CK_C_INITIALIZE_ARGS));
        Assert.Equal(24, sizeof(CK_INTERFACE));
        Assert.Equal(24, sizeof(CK_RSA_PKCS_PSS_PARAMS));
        Assert.Equal(40, sizeof(CK_RSA_PKCS_OAEP_PARAMS));
        Assert.Equal(40, sizeof(CK_ECDH1_DERIVE_PARAMS));
        Assert.Equal(24, sizeof(CK_EDDSA_PARAMS));
    }

    [Theory]
    [InlineData(typeof(CK_INFO), "manufacturerID", 2)]
    [InlineData(typeof(CK_INFO), "flags", 40)]
    [InlineData(typeof(CK_INFO), "libraryDescription", 48)]
    [InlineData(typeof(CK_INFO), "libraryVersion", 80)]
    [InlineData(typeof(CK_SLOT_INFO), "manufacturerID", 64)]
    [InlineData(typeof(CK_SLOT_INFO), "flags", 96)]
    [InlineData(typeof(CK_SLOT_INFO), "hardwareVersion", 104)]
    [InlineData(typeof(CK_SLOT_INFO), "firmwareVersion", 106)]
    [InlineData(typeof(CK_TOKEN_INFO), "serialNumber", 80)]
    [InlineData(typeof(CK_TOKEN_INFO), "flags", 96)]
    [InlineData(typeof(CK_TOKEN_INFO), "ulMaxPinLen", 136)]
    [InlineData(typeof(CK_TOKEN_INFO), "ulFreePrivateMemory", 176)]
    [InlineData(typeof(CK_TOKEN_INFO), "hardwareVersion", 184)]
    [InlineData(typeof(CK_TOKEN_INFO), "utcTime", 188)]
    [InlineData(typeof(CK_ATTRIBUTE), "pValue", 8)]
    [InlineData(typeof(CK_ATTRIBUTE), "ulValueLen", 16)]
    [InlineData(typeof(CK_MECHANISM), "ulParameterLen", 16)]
    [InlineData(typeof(CK_C_INITIALIZE_ARGS), "flags", 32)]
    [InlineData(typeof(CK_C_INITIALIZE_ARGS), "pReserved", 40)]
    [InlineData(typeof(CK_INTERFACE), "flags", 16)]
    [InlineData(typeof(CK_RSA_PKCS_OAEP_PARAMS), "pSourceData", 24)]
    [InlineData(typeof(CK_RSA_PKCS_OAEP_PARAMS), "ulSourceDataLen", 32)]
    [InlineData(typeof(CK_ECDH1_DERIVE_PARAMS), "ulSharedDataLen", 8)]
    [InlineData(typeof(CK_ECDH1_DERIVE_PARAMS), "pSharedData", 16)]
    [InlineData(typeof(CK_ECDH1_DERIVE_PARAMS), "ulPublicDataLen", 24)]
    [InlineData(typeof(CK_ECDH1_DERIVE_PARAMS), "pPublicData", 32)]
    [InlineData(typeof(CK_EDDSA_PARAMS), "ulContextDataLen", 8)]
    [InlineData(typeof(CK_EDDSA_PARAMS), "pContextData", 16)]
    [InlineData(typeof(CK_FUNCTION_LIST), "C_Initialize", 8)]
    [InlineData(typeof(CK_FUNCTION_LIST), "C_WaitForSlotEvent", 8 + (67 * 8))]
    [InlineData(typeof(CK_FUNCTION_LIST_3_0), "C_GetInterfaceList", 8 + (68 * 8))]
    [InlineData(typeof(CK_FUNCTION_LIST_3_0), "C_MessageVerifyFinal", 8 + (91 * 8))]
    public void Fields_sit_where_a_C_compiler_puts_them(Type type, string field, int offset)
    {
        Assert.Equal(offset, (int)Marshal.OffsetOf(type, field));
    }

    [Fact]
    public void Function_lists_hold_68_and_92_pointers_after_the_padded_version()
    {
        Assert.Equal(8 + (68 * 8), sizeof(CK_FUNCTION_LIST));
        Assert.Equal(8 + (92 * 8), sizeof(CK_FUNCTION_LIST_3_0));
        Assert.Equal(0, Offset<CK_FUNCTION_LIST>("version"));
    }
}
