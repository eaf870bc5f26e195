using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// The card pulled in the middle of a write: a key generation and a certificate write by OpenSC's
/// personaliser (pkcs15-init; main has no write path of ours yet), the link dropped before, during or
/// after the writing APDU. Afterwards the PKCS#15 structure must still parse (our reader), the module must
/// show the token, and the keys that were there must still sign.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class PulledCardTests(OpenScCard card) : IClassFixture<OpenScCard>
{
    public static TheoryData<string, string> Writes() => new()
    {
        { "keygen", "drop ins=46" }, { "keygen", "drop-after ins=46" }, { "keygen", "drop-mid ins=C0" }, { "keygen", "drop ins=D6" },
        { "keygen", "drop ins=E0" }, { "certificate", "drop ins=E0" }, { "certificate", "drop ins=D6" },
        { "certificate", "drop-after ins=D6 nth=2" }, { "certificate", "drop-mid ins=D6 nth=3" }, { "certificate", "sw=6581 ins=D6 nth=2" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public void A_card_pulled_during_a_write_keeps_a_readable_structure_and_its_keys(string write, string fault)
    {
        var before = CardFiles.ParseBack()!;
        Assert.Equal("ok", card.Card.Control("fault " + fault));
        ProcessResult r;
        try
        {
            r = Write(write);
            Assert.Equal("none", card.Card.Control("fault list")); // the fault fired
        }
        finally
        {
            card.Card.Control("fault clear");
        }
        Thread.Sleep(1000); // a dropped card re-inserts itself after 500 ms
        card.Card.WaitForReaderState(present: true);

        var after = CardFiles.ParseBack();
        Assert.True(after != null, $"{write} / {fault}: the PKCS#15 application is gone\n{r}");
        Assert.True(after.PrivateKeys.Count() >= before.PrivateKeys.Count(), $"{write} / {fault}: private keys lost");
        Assert.True(after.Certificates.Count() >= before.Certificates.Count(), $"{write} / {fault}: certificates lost");
        using var host = new RawHost();
        host.AssertNextSessionWorks();
    }

    private ProcessResult Write(string what)
    {
        var r = TokenReader.OpenScIndex;
        if (what == "keygen")
            return ProcessRunner.Run("pkcs15-init", ["-r", r, "--generate-key", "ec/prime256v1", "--auth-id", "FF", "--key-usage", "sign",
                "--pin", TokenReader.Pin, "--label", "pulled"]);
        return ProcessRunner.Run("pkcs15-init", ["-r", r, "-X", card.CertificatePem, "--id", "03", "--auth-id", "FF", "--pin", TokenReader.Pin,
            "--format", "pem", "--label", "pulled-cert"]);
    }
}
