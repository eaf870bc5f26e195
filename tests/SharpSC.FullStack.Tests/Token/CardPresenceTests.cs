using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Token;

/// <summary>
/// Card removal and reinsertion as PKCS#11 3.0 §5.6 wants them seen: sessions end with the token,
/// the reinserted card is a new token that needs a new login; C_WaitForSlotEvent reports both.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class CardPresenceTests(OpenScCard card) : IClassFixture<OpenScCard>
{
    [Fact]
    public void Removal_closes_the_sessions_and_reinsertion_is_a_new_token()
    {
        using var library = Module.Load();
        var slot = Module.Slot(library, TokenReader.Name);
        var session = slot.OpenSession(SessionType.ReadOnly);
        session.Login(CKU.CKU_USER, TokenReader.Pin);
        try
        {
            card.Card.Remove();
            var e = Assert.Throws<Pkcs11Exception>(() => session.GetSessionInfo());
            Assert.Equal(CKR.CKR_DEVICE_REMOVED, e.RV);
            e = Assert.Throws<Pkcs11Exception>(() => session.GetSessionInfo());
            Assert.Equal(CKR.CKR_SESSION_HANDLE_INVALID, e.RV);
            Assert.False(slot.GetSlotInfo().SlotFlags.TokenPresent);
            e = Assert.Throws<Pkcs11Exception>(() => slot.OpenSession(SessionType.ReadOnly));
            Assert.Equal(CKR.CKR_TOKEN_NOT_PRESENT, e.RV);
        }
        finally
        {
            card.Card.Insert();
        }
        using var again = slot.OpenSession(SessionType.ReadOnly);
        Assert.Equal(CKS.CKS_RO_PUBLIC_SESSION, again.GetSessionInfo().State);
        Assert.Empty(again.FindAllObjects([Module.Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY)]));
        again.Login(CKU.CKU_USER, TokenReader.Pin);
        Assert.Equal(2, again.FindAllObjects([Module.Factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY)]).Count);
    }

    [Fact]
    public async Task Wait_for_slot_event_reports_removal_and_insertion()
    {
        using var library = Module.Load();
        var slotId = Module.Slot(library, TokenReader.Name).SlotId;
        Assert.Null(PollEvent(library)); // nothing happened since C_Initialize

        var waiter = Task.Run(() =>
        {
            library.WaitForSlotEvent(WaitType.Blocking, out var happened, out var id);
            return (happened, id);
        });
        Thread.Sleep(300);
        card.Card.Remove();
        var (eventHappened, eventSlot) = await waiter.WaitAsync(TimeSpan.FromSeconds(15)); // TimeoutException: no removal event
        Assert.True(eventHappened);
        Assert.Equal(slotId, eventSlot);

        card.Card.Insert();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        ulong? inserted = null;
        while (inserted == null && DateTime.UtcNow < deadline)
        {
            inserted = PollEvent(library);
            if (inserted == null) Thread.Sleep(100);
        }
        Assert.Equal(slotId, inserted);
    }

    [Fact]
    public async Task Finalize_releases_a_thread_blocked_in_wait_for_slot_event()
    {
        var library = new Net.Pkcs11Interop.LowLevelAPI80.Pkcs11Library(Module.Path);
        Assert.Equal(CKR.CKR_OK, library.C_Initialize(new Net.Pkcs11Interop.LowLevelAPI80.CK_C_INITIALIZE_ARGS { Flags = CKF.CKF_OS_LOCKING_OK }));
        var waiter = Task.Run(() =>
        {
            ulong slot = 0;
            return library.C_WaitForSlotEvent(0, ref slot, IntPtr.Zero);
        });
        Thread.Sleep(500);
        Assert.False(waiter.IsCompleted);
        Assert.Equal(CKR.CKR_OK, library.C_Finalize(IntPtr.Zero));
        Assert.Equal(CKR.CKR_CRYPTOKI_NOT_INITIALIZED, await waiter.WaitAsync(TimeSpan.FromSeconds(10))); // TimeoutException: still blocked after C_Finalize
        library.Dispose();
    }

    private static ulong? PollEvent(IPkcs11Library library)
    {
        library.WaitForSlotEvent(WaitType.NonBlocking, out var happened, out var slot);
        return happened ? slot : null;
    }
}
