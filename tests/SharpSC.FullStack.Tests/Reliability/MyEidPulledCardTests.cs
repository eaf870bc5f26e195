using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.Factories;
using SharpSC.FullStack.Tests.Clients;
using SharpSC.FullStack.Tests.Token;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// A MyEID card pulled in the middle of a signature or of a write by our module (C_GenerateKeyPair, C_CreateObject of a
/// certificate), through the virtual card's fault seam: the link dropped before, during or after a writing APDU,
/// or the card's memory failing. The call answers a code PKCS#11 3.0 lists for it (§5.14 C_GenerateKeyPair,
/// §5.7 C_CreateObject), the PKCS#15 structure still parses, every key and certificate that was there is still
/// there, and the next session logs in and signs with the keys that were there.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class MyEidPulledCardTests(SharpscMyEidCard card) : IClassFixture<SharpscMyEidCard>
{
    private static IObjectAttributeFactory Attr => Module.Factories.ObjectAttributeFactory;

    private static readonly byte[] P256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    // What a card that went away or failed mid-write may answer; CKR_GENERAL_ERROR or CKR_FUNCTION_FAILED
    // would be an unexpected exception in the module.
    private static readonly CKR[] WriteMayAnswer =
    [
        CKR.CKR_DEVICE_REMOVED, CKR.CKR_DEVICE_ERROR, CKR.CKR_DEVICE_MEMORY, CKR.CKR_SESSION_CLOSED,
        CKR.CKR_SESSION_HANDLE_INVALID, CKR.CKR_FUNCTION_CANCELED,
    ];

    public static TheoryData<string, string> Writes() => new()
    {
        // GENERATE KEY (46) into a key file made by CREATE FILE (E0), the public key file and the xDFs by UPDATE BINARY (D6).
        { "keygen", "drop ins=46" }, { "keygen", "drop-after ins=46" }, { "keygen", "drop-mid ins=46" }, { "keygen", "drop ins=E0" },
        { "keygen", "drop-after ins=E0" }, { "keygen", "drop ins=D6" }, { "keygen", "drop-mid ins=D6 nth=2" },
        { "keygen", "sw=6581 ins=D6" },
        { "certificate", "drop ins=E0" }, { "certificate", "drop ins=D6" }, { "certificate", "drop-after ins=D6 nth=2" },
        { "certificate", "drop-mid ins=D6 nth=3" }, { "certificate", "sw=6581 ins=D6 nth=2" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public void A_card_pulled_during_a_module_write_answers_a_spec_code_and_loses_nothing(string write, string fault)
    {
        var before = CardFiles.ParseBack()!;
        var keysBefore = before.PrivateKeys.Select(k => k.Key.Id).ToHashSet();
        var certificatesBefore = before.Certificates.Select(c => c.Id).ToHashSet();

        CKR rv;
        using (var library = Module.Load())
        {
            var session = Module.Slot(library, TokenReader.Name).OpenSession(SessionType.ReadWrite);
            session.Login(CKU.CKU_USER, ClientCard.Pin);
            Assert.Equal("ok", card.Card.Control("fault " + fault));
            string left;
            try
            {
                rv = Write(session, write);
                left = card.Card.Control("fault list");
            }
            finally
            {
                card.Card.Control("fault clear");
                Thread.Sleep(1000); // a dropped card re-inserts itself after 500 ms
                card.Card.WaitForReaderState(present: true);
            }
            Assert.Equal("none", left); // the fault fired
        }
        Assert.True(WriteMayAnswer.Contains(rv), $"{write} / {fault}: answered {rv}");

        var after = CardFiles.ParseBack();
        Assert.True(after != null, $"{write} / {fault}: the PKCS#15 application is gone");
        Assert.Subset(after.PrivateKeys.Select(k => k.Key.Id).ToHashSet(), keysBefore);
        Assert.Subset(after.Certificates.Select(c => c.Id).ToHashSet(), certificatesBefore);
        using var host = new RawHost();
        host.AssertNextSessionWorks();
    }

    // PKCS#11 3.0 §5.11 C_Sign for a card that went away during the signature (MSE 22, PSO 2A).
    private static readonly CKR[] SignMayAnswer =
        [CKR.CKR_DEVICE_REMOVED, CKR.CKR_DEVICE_ERROR, CKR.CKR_SESSION_CLOSED, CKR.CKR_SESSION_HANDLE_INVALID, CKR.CKR_FUNCTION_CANCELED];

    public static TheoryData<string, byte> Signatures() => new()
    {
        { "drop ins=2A", 1 }, { "drop-after ins=2A", 1 }, { "drop-mid ins=2A", 3 }, { "drop ins=22", 3 }, { "drop-after ins=22", 1 },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void A_card_pulled_during_a_signature_answers_a_spec_code_and_signs_again(string fault, byte keyId)
    {
        using var host = new RawHost();
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var session));
        Assert.Equal(CKR.CKR_OK, host.Login(session));
        Assert.Equal(CKR.CKR_OK, host.Find(session, CKO.CKO_PRIVATE_KEY, keyId, out _));
        Assert.Equal("ok", card.Card.Control("fault " + fault));
        CKR rv;
        string left;
        try
        {
            rv = host.Sign(session, keyId, [9, 8, 7], out _);
            left = card.Card.Control("fault list");
        }
        finally
        {
            card.Card.Control("fault clear");
            Thread.Sleep(1000);
            card.Card.WaitForReaderState(present: true);
        }
        Assert.Equal("none", left);
        Assert.True(SignMayAnswer.Contains(rv), $"{fault}: C_Sign answered {rv}");
        host.AssertNextSessionWorks();
    }

    /// <summary>The write under the fault; CKR_OK when it went through anyway.</summary>
    private static CKR Write(ISession session, string what)
    {
        try
        {
            if (what == "keygen")
            {
                session.GenerateKeyPair(Module.Factories.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN),
                    [Attr.Create(CKA.CKA_EC_PARAMS, P256), Attr.Create(CKA.CKA_LABEL, "pulled")],
                    [Attr.Create(CKA.CKA_SIGN, true), Attr.Create(CKA.CKA_LABEL, "pulled")], out _, out _);
            }
            else
            {
                using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var der = new CertificateRequest("CN=pulled", key, HashAlgorithmName.SHA256)
                    .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)).RawData;
                session.CreateObject([Attr.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE), Attr.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
                    Attr.Create(CKA.CKA_TOKEN, true), Attr.Create(CKA.CKA_VALUE, der), Attr.Create(CKA.CKA_ID, new byte[] { 0x77 }),
                    Attr.Create(CKA.CKA_LABEL, "pulled-cert")]);
            }
            return CKR.CKR_OK;
        }
        catch (Pkcs11Exception e)
        {
            return e.RV;
        }
    }
}
