using CsCheck;
using SharpSC.Pkcs11.Objects;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tests;

/// <summary>CsCheck properties of attribute values as C lays them out: round trips, and clean refusals of any other bytes.</summary>
public class AttributeCodecPropertyTests
{
    [Fact]
    public void CK_ULONG_values_round_trip() =>
        Gen.ULong.Sample(v => Assert.Equal(v, AttributeCodec.ReadULong(new CkAttribute(0, AttributeCodec.ULong(v)))));

    [Fact]
    public void CK_BBOOL_values_round_trip() =>
        Gen.Bool.Sample(v => Assert.Equal(v, AttributeCodec.ReadBool(new CkAttribute(0, AttributeCodec.Bool(v)))));

    [Fact]
    public void UTF8_strings_round_trip() =>
        Gen.String.Sample(s =>
        {
            if (s.Any(char.IsSurrogate)) return; // lone surrogates are not UTF-8
            Assert.Equal(s, AttributeCodec.ReadUtf8(new CkAttribute(0, AttributeCodec.Utf8(s))));
        });

    [Fact]
    public void Any_bytes_decode_or_are_refused_with_CKR_ATTRIBUTE_VALUE_INVALID() =>
        Gen.Byte.Array[0, 20].Sample(bytes =>
        {
            var a = new CkAttribute(0x102, bytes);
            foreach (var read in new Action[] { () => AttributeCodec.ReadBool(a), () => AttributeCodec.ReadULong(a), () => AttributeCodec.ReadUtf8(a) })
            {
                var e = Record.Exception(read);
                if (e != null) Assert.Equal(CKR_ATTRIBUTE_VALUE_INVALID, Assert.IsType<Pkcs11Exception>(e).Code);
            }
        });
}
