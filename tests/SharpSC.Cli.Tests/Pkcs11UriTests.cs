using SharpSC.Cli.Output;

namespace SharpSC.Cli.Tests;

public class Pkcs11UriTests
{
    [Fact]
    public void Ids_are_percent_encoded_byte_by_byte_and_labels_keep_rfc7512_path_characters()
    {
        Assert.Equal("pkcs11:token=My%20Token;id=%01%AB;object=key%3B1%2Fa:b@c;type=private",
            Pkcs11Uri.For("My Token", [0x01, 0xAB], "key;1/a:b@c", "private"));
        Assert.Equal("pkcs11:token=T;object=blob;type=data", Pkcs11Uri.For("T", [], "blob", "data"));
    }

    [Theory]
    [InlineData("a-b.c_d~e", "a-b.c_d~e")]
    [InlineData("100%", "100%25")]
    [InlineData("x?y#z", "x%3Fy%23z")]
    [InlineData("Grüße", "Gr%C3%BC%C3%9Fe")]
    [InlineData("(a)[b]!$'*+,=&", "(a)[b]!$'*+,=&")]
    public void Attribute_values_are_encoded_as_rfc7512_says(string value, string encoded) =>
        Assert.Equal(encoded, Pkcs11Uri.Encode(value));

    [Fact]
    public void The_token_label_is_cut_like_ck_token_info_label()
    {
        Assert.Equal(new string('a', 32), Pkcs11Uri.TokenLabel(new string('a', 40)));
        // 31 ASCII bytes and a two-byte character: the character does not fit and is left out whole.
        Assert.Equal(new string('a', 31), Pkcs11Uri.TokenLabel(new string('a', 31) + "ü"));
        Assert.Equal("Token", Pkcs11Uri.TokenLabel("Token   "));
    }
}
