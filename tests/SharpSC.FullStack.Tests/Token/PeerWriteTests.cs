using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Token;

/// <summary>
/// The write path driven by other people's tools: OpenSC's pkcs11-tool generates keys, writes and
/// deletes objects through our module; OpenSC's pkcs15-tool checks the card after each step. Also key
/// import, copying and C_InitToken with its PUK guard.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class PeerWriteTests(OpenScCard card) : IClassFixture<OpenScCard>
{
    private static ProcessResult Tool(params string[] args) =>
        ProcessRunner.RunChecked("pkcs11-tool", ["--module", Module.Path, "--slot-description", TokenReader.Name, .. args]);

    [Fact]
    public void Pkcs11_tool_generates_signs_writes_and_deletes_through_the_module()
    {
        var pin = new[] { "--login", "--pin", TokenReader.Pin };
        Tool([.. pin, "--keypairgen", "--key-type", "rsa:2048", "--id", "10", "--label", "k1"]);
        Assert.Contains("Private RSA Key [k1] 10", OpenScDump.Objects(TokenReader.OpenScIndex));
        Tool([.. pin, "--keypairgen", "--key-type", "EC:prime256v1", "--id", "11", "--label", "k2"]);
        Assert.Contains("Private EC Key [k2] 11", OpenScDump.Objects(TokenReader.OpenScIndex));

        var data = card.Dir.File("tosign.txt");
        File.WriteAllText(data, "signed through pkcs11-tool\n");
        Tool([.. pin, "--sign", "--mechanism", "SHA256-RSA-PKCS", "--id", "10", "--input-file", data, "--output-file", card.Dir.File("sig-k1.bin")]);
        Tool([.. pin, "--sign", "--mechanism", "ECDSA-SHA1", "--id", "11", "--input-file", data, "--output-file", card.Dir.File("sig-k2.bin")]);
        Tool([.. pin, "--read-object", "--type", "pubkey", "--id", "10", "--output-file", card.Dir.File("k1.der")]);
        ProcessRunner.RunChecked("openssl", "rsa", "-pubin", "-inform", "DER", "-in", card.Dir.File("k1.der"), "-out", card.Dir.File("k1.pem"));
        var verify = OpenSsl.VerifySignature(card.Dir, card.Dir.File("k1.pem"), File.ReadAllBytes(data), File.ReadAllBytes(card.Dir.File("sig-k1.bin")), "sha256");
        Assert.True(verify.ExitCode == 0, verify.ToString());

        using var rsa = RSA.Create(2048);
        var cert = new CertificateRequest("CN=via pkcs11-tool", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        File.WriteAllBytes(card.Dir.File("cert.der"), cert.RawData);
        Tool([.. pin, "--write-object", card.Dir.File("cert.der"), "--type", "cert", "--id", "10", "--label", "k1-cert"]);
        Assert.Contains("X.509 Certificate [k1-cert] 10", OpenScDump.Objects(TokenReader.OpenScIndex));

        Tool([.. pin, "--delete-object", "--type", "cert", "--id", "10"]);
        Assert.DoesNotContain(OpenScDump.Objects(TokenReader.OpenScIndex), l => l.Contains("k1-cert", StringComparison.Ordinal));
        Tool([.. pin, "--delete-object", "--type", "privkey", "--id", "11"]);
        Tool([.. pin, "--delete-object", "--type", "pubkey", "--id", "11"]);
        Assert.DoesNotContain(OpenScDump.Objects(TokenReader.OpenScIndex), l => l.EndsWith(" 11", StringComparison.Ordinal));
    }

    [Fact]
    public void Imports_a_private_key_and_copies_a_session_object_onto_the_token()
    {
        using var library = Module.Load();
        using var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadWrite);
        session.Login(CKU.CKU_USER, TokenReader.Pin);
        var attr = Module.Factories.ObjectAttributeFactory;
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(true);
        var key = session.CreateObject([attr.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), attr.Create(CKA.CKA_KEY_TYPE, CKK.CKK_RSA),
            attr.Create(CKA.CKA_TOKEN, true), attr.Create(CKA.CKA_SIGN, true), attr.Create(CKA.CKA_ID, new byte[] { 0x31 }), attr.Create(CKA.CKA_LABEL, "imported"),
            attr.Create(CKA.CKA_MODULUS, p.Modulus!), attr.Create(CKA.CKA_PUBLIC_EXPONENT, p.Exponent!), attr.Create(CKA.CKA_PRIVATE_EXPONENT, p.D!),
            attr.Create(CKA.CKA_PRIME_1, p.P!), attr.Create(CKA.CKA_PRIME_2, p.Q!), attr.Create(CKA.CKA_EXPONENT_1, p.DP!), attr.Create(CKA.CKA_EXPONENT_2, p.DQ!),
            attr.Create(CKA.CKA_COEFFICIENT, p.InverseQ!)]);
        var data = "imported key signs"u8.ToArray();
        var signature = session.Sign(Module.Factories.MechanismFactory.Create(CKM.CKM_SHA256_RSA_PKCS), key, data);
        Assert.True(rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(session.GetAttributeValue(key, [CKA.CKA_EXTRACTABLE])[0].GetValueAsBool());
        Assert.True(session.GetAttributeValue(key, [CKA.CKA_PRIVATE_EXPONENT])[0].CannotBeRead);

        var note = session.CreateObject([attr.Create(CKA.CKA_CLASS, CKO.CKO_DATA), attr.Create(CKA.CKA_TOKEN, false),
            attr.Create(CKA.CKA_LABEL, "copied-note"), attr.Create(CKA.CKA_VALUE, "note"u8.ToArray())]);
        var copy = session.CopyObject(note, [attr.Create(CKA.CKA_TOKEN, true)]);
        Assert.True(session.GetAttributeValue(copy, [CKA.CKA_TOKEN])[0].GetValueAsBool());
        Assert.Contains(OpenScDump.Objects(TokenReader.OpenScIndex), l => l.Contains("copied-note", StringComparison.Ordinal));
        var e = Assert.Throws<Pkcs11Exception>(() => session.CopyObject(key, []));
        Assert.Equal(CKR.CKR_ACTION_PROHIBITED, e.RV);
    }
}
