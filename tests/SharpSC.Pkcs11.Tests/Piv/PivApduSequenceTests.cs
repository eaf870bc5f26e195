using SharpSC.Pkcs11.Module;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tests.Support;
using SharpSC.TestSupport;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Tests.Piv.PivEngine;

namespace SharpSC.Pkcs11.Tests.Piv;

/// <summary>
/// The APDU sequences issue 13 counts (BENCHMARKS.md, PIV): a search by CKA_ID reads only the slot the ID names, a
/// listing of every group is one card transaction with one check of the selection, C_Logout is one SELECT.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed class PivApduSequenceTests : IDisposable
{
    private const string SelectPiv = "00A4040005A00000030800";
    private const string PinStatus = "00200080";

    private readonly PivEngine _engine = new(PivCardImage.Emulator());

    public void Dispose() => _engine.Dispose();

    private List<string> SentSince(int mark) => _engine.Transport.Sent.Skip(mark).ToList();

    [Fact]
    public void A_search_by_CKA_ID_reads_only_that_slot_and_the_whole_group_later_has_the_same_handle()
    {
        var session = _engine.UserSession();
        var mark = _engine.Transport.Sent.Count;
        var key = FindOne(session, CKO_PRIVATE_KEY, 0x01);
        // The selection check, then GET METADATA of 9A alone: no key history, no other slot.
        var sent = SentSince(mark);
        Assert.Equal(2, sent.Count);
        Assert.Equal(PinStatus, sent[0]);
        Assert.StartsWith("00F7009A", sent[1], StringComparison.Ordinal);
        Assert.Equal("PIV AUTH key", Label(session, key));

        var all = Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_PRIVATE_KEY)));
        Assert.Equal(5, all.Length);
        Assert.Equal(key, all[0]);
        Assert.Single(all, h => h == key);
        // 9A was known: the whole group read the key history and the other slots, not 9A again.
        Assert.DoesNotContain(SentSince(mark).Skip(2), s => s.StartsWith("00F7009A", StringComparison.Ordinal));
    }

    [Fact]
    public void A_search_by_the_CKA_ID_of_a_retired_slot_the_key_history_does_not_count_probes_nothing_there()
    {
        var session = _engine.UserSession();
        var mark = _engine.Transport.Sent.Count;
        // 07 names 84, the third retired slot; the key history counts two.
        Assert.Empty(Find(session, new CkAttribute(CKA_CLASS, AttributeCodec.ULong(CKO_PRIVATE_KEY)), new CkAttribute(CKA_ID, [0x07])));
        var sent = SentSince(mark);
        Assert.Equal(PinStatus, sent[0]);
        // GET DATA of the key history (5C 03 5FC10C) and nothing of 84 (GET METADATA 84, certificate 5FC10F).
        Assert.StartsWith("00CB3FFF", sent[1], StringComparison.Ordinal);
        Assert.Contains("5C035FC10C", sent[1], StringComparison.Ordinal);
        Assert.Equal(2, sent.Count);
    }

    [Fact]
    public void Listing_every_object_is_one_card_transaction_with_one_check_of_the_selection()
    {
        var session = _engine.OpenSession();
        var mark = _engine.Transport.Sent.Count;
        var all = Find(session);
        // Five certificates and public keys, 9E's private key (PIN policy never), the discovery object and the key history.
        Assert.Equal(13, all.Length);
        var sent = SentSince(mark);
        Assert.Equal(PinStatus, sent[0]);
        Assert.Single(sent, s => s == PinStatus);
        Assert.DoesNotContain(SelectPiv, sent);
    }

    [Fact]
    public void Logout_is_one_SELECT_and_the_next_login_verifies_again()
    {
        var session = _engine.UserSession();
        var mark = _engine.Transport.Sent.Count;
        Assert.Equal(CKR_OK, Cryptoki.Logout(session));
        Assert.Equal([SelectPiv], SentSince(mark));
        Assert.Equal(CKR_OK, EngineHarness.Rv(() => Cryptoki.Login(session, Constants.CKU.CKU_USER, Ascii(PivCardImage.Pin))));
        Assert.Contains(SentSince(mark), s => s.StartsWith("0020008008", StringComparison.Ordinal));
    }
}
