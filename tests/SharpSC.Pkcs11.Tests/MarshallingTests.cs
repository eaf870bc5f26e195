using System.Runtime.InteropServices;
using System.Text;
using SharpSC.Native.Abi;
using SharpSC.Native.Marshalling;
using SharpSC.Pkcs11.Objects;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tests;

/// <summary>The C-side conventions of PKCS#11 3.0 §5.2 (outputs) and §5.7 (C_GetAttributeValue).</summary>
public sealed unsafe class MarshallingTests
{
    [Fact]
    public void Info_strings_are_blank_padded_and_not_terminated()
    {
        var field = new byte[8];
        fixed (byte* p = field) BlankPadded.Write(p, 8, "abc");
        Assert.Equal("abc     "u8.ToArray(), field);
    }

    [Fact]
    public void Long_info_strings_are_cut_at_a_character_boundary()
    {
        var field = new byte[4];
        fixed (byte* p = field) BlankPadded.Write(p, 4, "abcé"); // é is two bytes: only "abc" fits
        Assert.Equal("abc "u8.ToArray(), field);
        Assert.Equal("abc", Encoding.UTF8.GetString(field).TrimEnd());
    }

    [Fact]
    public void Null_output_buffer_reports_the_length()
    {
        var length = new CULong(0);
        Assert.Equal(CKR_OK, OutputBuffer.Write([1, 2, 3], null, &length));
        Assert.Equal(3u, (uint)length.Value);
    }

    [Fact]
    public void Short_output_buffer_is_too_small_and_reports_the_length()
    {
        var buffer = new byte[2];
        var length = new CULong(2);
        fixed (byte* p = buffer) Assert.Equal(CKR_BUFFER_TOO_SMALL, OutputBuffer.Write([1, 2, 3], p, &length));
        Assert.Equal(3u, (uint)length.Value);
        Assert.Equal(new byte[2], buffer);
    }

    [Fact]
    public void Output_lists_follow_the_same_rules()
    {
        var count = new CULong(1);
        var list = stackalloc CULong[1];
        Assert.Equal(CKR_BUFFER_TOO_SMALL, OutputBuffer.WriteList([5, 6], list, &count));
        Assert.Equal(2u, (uint)count.Value);
        Assert.Equal(CKR_ARGUMENTS_BAD, OutputBuffer.WriteList([5], list, null));
    }

    [Fact]
    public void Get_attribute_value_processes_every_attribute_and_reports_the_first_problem()
    {
        var buffers = new[] { new byte[4], new byte[1], new byte[8] };
        var template = stackalloc CK_ATTRIBUTE[4];
        fixed (byte* b0 = buffers[0])
        fixed (byte* b1 = buffers[1])
        fixed (byte* b2 = buffers[2])
        {
            template[0] = new CK_ATTRIBUTE { pValue = b0, ulValueLen = new CULong(4) };
            template[1] = new CK_ATTRIBUTE { pValue = b1, ulValueLen = new CULong(1) }; // too small
            template[2] = new CK_ATTRIBUTE { pValue = b2, ulValueLen = new CULong(8) }; // sensitive
            template[3] = new CK_ATTRIBUTE { pValue = null, ulValueLen = new CULong(0) }; // length query
            var rv = Templates.WriteValues(template,
            [
                new AttributeValue([9, 9], CKR_OK),
                new AttributeValue([1, 2, 3], CKR_OK),
                new AttributeValue(null, CKR_ATTRIBUTE_SENSITIVE),
                new AttributeValue([7, 7, 7, 7, 7], CKR_OK),
            ]);
            Assert.Equal(CKR_BUFFER_TOO_SMALL, rv);
        }
        var unavailable = OperatingSystem.IsWindows() ? uint.MaxValue : ulong.MaxValue;
        Assert.Equal(2u, (uint)template[0].ulValueLen.Value);
        Assert.Equal(new byte[] { 9, 9, 0, 0 }, buffers[0]);
        Assert.Equal(unavailable, (ulong)template[1].ulValueLen.Value);
        Assert.Equal(unavailable, (ulong)template[2].ulValueLen.Value);
        Assert.Equal(5u, (uint)template[3].ulValueLen.Value);
    }

    [Fact]
    public void Input_templates_reject_null_values_with_a_length()
    {
        var template = stackalloc CK_ATTRIBUTE[1];
        template[0] = new CK_ATTRIBUTE { pValue = null, ulValueLen = new CULong(3) };
        var e = Assert.Throws<Pkcs11Exception>(() => Templates.Read(template, new CULong(1)));
        Assert.Equal(CKR_ARGUMENTS_BAD, e.Code);
    }
}
