using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;

namespace SharpSC.Pkcs11.Tests.Tokens;

/// <summary>
/// A read of the card that fails once (a SELECT answered "not found", a flipped byte) is not remembered:
/// the objects it hid are left out of that search only, and the next search asks the card again. Objects
/// found before keep their handles. (RELIABILITY.md listed the opposite as open.)
/// </summary>
public sealed class LazyReadTests
{
    private readonly EmulatedTokens _tokens = new("Lazy read " + Guid.NewGuid().ToString("N")[..8]);

    private static CertificateObject[] Certificates(Token token) => token.ObjectsOf([ObjectKind.Certificates]).OfType<CertificateObject>().ToArray();

    [Theory]
    [InlineData("4404", false)] // the CDF, after the private keys were found
    [InlineData("4404", true)]
    [InlineData("5031", false)] // the ODF, on the first search
    [InlineData("5031", true)]
    public void A_directory_that_could_not_be_read_is_read_again_by_the_next_search(string fid, bool corrupt)
    {
        using var token = _tokens.Open(_tokens.Connect);
        if (corrupt) _tokens.Link.CorruptReadOnce(fid);
        else _tokens.Link.FailSelectOnce(fid);
        PrivateKeyObject? key = null;
        if (fid != "5031") key = Assert.Single(token.ObjectsOf([ObjectKind.PrivateKeys]).OfType<PrivateKeyObject>(), k => k.Kind == KeyKind.Rsa);

        Assert.Empty(Certificates(token));
        var certificate = Assert.Single(Certificates(token));
        Assert.Contains("CN=", certificate.Parsed.SubjectDN.ToString(), StringComparison.Ordinal);
        Assert.Same(certificate, Assert.Single(Certificates(token))); // read once it worked, published once
        key ??= token.ObjectsOf([ObjectKind.PrivateKeys]).OfType<PrivateKeyObject>().First(k => k.Kind == KeyKind.Rsa);
        Assert.Contains(key, token.ObjectsOf([ObjectKind.PrivateKeys]));
        Assert.Single(token.Objects.OfType<CertificateObject>());
    }

    [Fact]
    public void A_certificate_value_that_could_not_be_read_is_read_again()
    {
        using var token = _tokens.Open(_tokens.Connect);
        var certificate = Assert.Single(Certificates(token));
        _tokens.Link.CorruptReadOnce("3400");
        Assert.ThrowsAny<Exception>(() => certificate.Get(Constants.CKA.CKA_SUBJECT));
        var subject = certificate.Get(Constants.CKA.CKA_SUBJECT);
        Assert.Equal(Constants.CKR.CKR_OK, subject.Status);
        Assert.NotEmpty(subject.Value!);
    }

    [Fact]
    public void A_TokenInfo_not_found_once_at_detection_is_asked_again()
    {
        using var token = _tokens.Open(() =>
        {
            var link = _tokens.Connect();
            _tokens.Link.FailSelectOnce("5032");
            return link;
        });
        Assert.True(token.Description.Initialized);
        Assert.Equal("Test", token.Description.Label);
    }
}
