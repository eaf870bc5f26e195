using System.Diagnostics;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;
using SharpSC.FullStack.Tests.Token;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// A broken or hostile card, through the virtual card's fault seam (docs/VIRTUALCARD.md "Fault grammar"),
/// pcscd and the module: truncated, corrupted and garbage answers, arbitrary status words, 61xx/6Cxx loops,
/// the connection dropped before, during and after an APDU. Each fault: the call answers a code PKCS#11
/// lists for it (never CKR_GENERAL_ERROR or CKR_FUNCTION_FAILED, which mean an unexpected exception)
/// within a bound, the host lives on, and the next session signs again.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class CardFaultTests(OpenScCard card) : IClassFixture<OpenScCard>, IDisposable
{
    private readonly ModuleCache _cache = new();

    public void Dispose() => _cache.Dispose();

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    // PKCS#11 3.0 §5.11 C_Sign's return values, less the three that mean a bug here.
    private static readonly CKR[] SignMayAnswer =
    [
        CKR.CKR_OK, CKR.CKR_DATA_INVALID, CKR.CKR_DATA_LEN_RANGE, CKR.CKR_DEVICE_ERROR, CKR.CKR_DEVICE_MEMORY,
        CKR.CKR_DEVICE_REMOVED, CKR.CKR_SESSION_CLOSED, CKR.CKR_SESSION_HANDLE_INVALID, CKR.CKR_USER_NOT_LOGGED_IN,
        CKR.CKR_FUNCTION_CANCELED,
    ];

    public static TheoryData<string, byte> SignatureFaults() => new()
    {
        { "truncate=1 ins=2A", 1 }, { "truncate=2 ins=2A", 1 }, { "truncate=100 ins=2A", 1 },
        { "truncate=20 ins=2A", 3 }, { "corrupt=0 ins=2A", 3 }, { "corrupt=2 ins=2A", 3 }, { "corrupt=-2 ins=2A", 1 },
        { "corrupt=-1 ins=2A", 1 }, { "corrupt=0 ins=2A", 1 },
        { "sw=6F00 ins=2A", 1 }, { "sw=6581 ins=2A", 1 }, { "sw=6700 ins=2A", 1 }, { "sw=6982 ins=2A", 1 },
        { "sw=6983 ins=2A", 1 }, { "sw=6984 ins=2A", 1 }, { "sw=6985 ins=2A", 1 }, { "sw=6A80 ins=2A", 1 },
        { "sw=6A82 ins=2A", 1 }, { "sw=6A88 ins=2A", 1 }, { "sw=6D00 ins=2A", 1 }, { "sw=6E00 ins=2A", 1 },
        { "sw=6300 ins=2A", 1 }, { "sw=63C0 ins=2A", 1 }, { "sw=9000 ins=2A", 1 }, { "sw=9000 ins=2A", 3 },
        { "sw=6100 ins=2A", 1 }, { "sw=6C05 ins=2A", 1 }, { "sw=0000 ins=2A", 1 }, { "sw=FFFF ins=2A", 3 },
        { "sw=6282 ins=2A", 1 }, { "sw=9001 ins=2A", 3 }, { "sw=6F00 ins=22", 1 }, { "sw=6A80 ins=22", 3 },
        { "loop61=10 ins=2A", 1 }, { "loop61=00 ins=2A", 3 }, { "loop6c=10 ins=2A", 1 },
        { "drop ins=2A", 1 }, { "drop-after ins=2A", 3 }, { "drop-mid ins=2A", 1 }, { "drop ins=22", 3 },
    };

    [Theory]
    [MemberData(nameof(SignatureFaults))]
    public void A_fault_during_a_signature_gives_a_spec_code_in_bounded_time_and_the_next_session_signs(string fault, byte keyId)
    {
        using var host = new RawHost();
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var session));
        Assert.Equal(CKR.CKR_OK, host.Login(session));
        Assert.Equal(CKR.CKR_OK, host.Find(session, CKO.CKO_PRIVATE_KEY, keyId, out _)); // objects loaded before the fault
        var rv = UnderFault(fault, () => host.Sign(session, keyId, [9, 8, 7], out _));
        Assert.True(SignMayAnswer.Contains(rv), $"{fault}: C_Sign answered {rv}");
        AfterTheFault(host, fault.StartsWith("drop", StringComparison.Ordinal));
    }

    public static TheoryData<string> LoadFaults() =>
    [
        "sw=6F00 ins=B0", "sw=6F00 ins=B0 nth=3", "truncate=1 ins=B0", "truncate=5 ins=B0 nth=2",
        "corrupt=-2 ins=A4 nth=3", "sw=6982 ins=B0", "loop61=20 ins=B0", "loop6c=08 ins=B0",
        "sw=6D00 ins=A4 nth=2", "drop ins=A4", "drop-mid ins=B0 nth=2", "drop-after ins=B0 nth=4", "sw=9000 ins=A4 nth=2",
    ];

    /// <summary>The module reads the card's PKCS#15 structure when a host first needs the token.</summary>
    [Theory]
    [MemberData(nameof(LoadFaults))]
    public void A_fault_while_the_token_is_read_gives_a_spec_code_and_the_token_comes_back(string fault)
    {
        using var host = new RawHost();
        var rv = UnderFault(fault, () =>
            {
                var info = new Net.Pkcs11Interop.LowLevelAPI80.CK_TOKEN_INFO();
                var r = host.P11.C_GetTokenInfo(host.Slot, ref info);
                if (r != CKR.CKR_OK) return r;
                r = host.OpenSession(out var session);
                return r == CKR.CKR_OK ? host.Find(session, CKO.CKO_CERTIFICATE, null, out _) : r;
            });
        // §5.5 C_GetTokenInfo, §5.6 C_OpenSession, §5.7 C_FindObjectsInit: a card that cannot be read.
        CKR[] mayAnswer = [CKR.CKR_OK, CKR.CKR_DEVICE_ERROR, CKR.CKR_DEVICE_MEMORY, CKR.CKR_DEVICE_REMOVED, CKR.CKR_TOKEN_NOT_PRESENT,
            CKR.CKR_TOKEN_NOT_RECOGNIZED, CKR.CKR_SESSION_HANDLE_INVALID];
        Assert.True(mayAnswer.Contains(rv), $"{fault}: answered {rv}");
        AfterTheFault(host, fault.StartsWith("drop", StringComparison.Ordinal));
    }

    public static TheoryData<string> ValueReadFaults() =>
        ["sw=6F00 ins=B0", "sw=6A82 ins=A4", "truncate=1 ins=B0", "loop61=05 ins=B0", "corrupt=-2 ins=B0", "drop-mid ins=B0", "drop ins=A4"];

    /// <summary>
    /// A certificate's value is read from the card when an attribute needs it. A card failure there once
    /// escaped untranslated (CKR_FUNCTION_FAILED from C_GetAttributeValue); found by the "card" fuzz target.
    /// </summary>
    [Theory]
    [MemberData(nameof(ValueReadFaults))]
    public void A_fault_while_a_certificate_value_is_read_gives_a_spec_code_and_the_next_read_works(string fault)
    {
        using var host = new RawHost();
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var session));
        Assert.Equal(CKR.CKR_OK, host.Find(session, CKO.CKO_CERTIFICATE, 1, out var certificates));
        var certificate = Assert.Single(certificates);
        var rv = UnderFault(fault, () => host.P11.C_GetAttributeValue(session, certificate, [CkaUtils.CreateAttribute(CKA.CKA_VALUE)], 1));
        // §5.7 C_GetAttributeValue
        CKR[] mayAnswer = [CKR.CKR_OK, CKR.CKR_DEVICE_ERROR, CKR.CKR_DEVICE_MEMORY, CKR.CKR_DEVICE_REMOVED, CKR.CKR_SESSION_HANDLE_INVALID,
            CKR.CKR_SESSION_CLOSED, CKR.CKR_OBJECT_HANDLE_INVALID];
        Assert.True(mayAnswer.Contains(rv), $"{fault}: C_GetAttributeValue answered {rv}");
        AfterTheFault(host, fault.StartsWith("drop", StringComparison.Ordinal));
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out session));
        Assert.Equal(CKR.CKR_OK, host.Find(session, CKO.CKO_CERTIFICATE, 1, out certificates));
        var value = new[] { CkaUtils.CreateAttribute(CKA.CKA_VALUE) };
        Assert.Equal(CKR.CKR_OK, host.P11.C_GetAttributeValue(session, certificates[0], value, 1));
        Assert.InRange(value[0].valueLen, 300UL, 2000UL);
    }

    public static TheoryData<string> LoginFaults() =>
        ["sw=6F00 ins=20", "sw=6700 ins=20", "sw=6983 ins=20", "truncate=1 ins=20", "corrupt=-2 ins=20", "drop ins=20", "drop-after ins=20", "loop61=01 ins=20"];

    /// <summary>The PIN goes to the card once per C_Login: a broken answer is an error, never a second VERIFY.</summary>
    [Theory]
    [MemberData(nameof(LoginFaults))]
    public void A_fault_during_login_gives_a_spec_code_without_a_second_verify(string fault)
    {
        using var host = new RawHost();
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var session));
        Assert.Equal(CKR.CKR_OK, host.Find(session, CKO.CKO_CERTIFICATE, null, out _));
        var rv = UnderFault(fault, () => host.Login(session));
        // §5.6 C_Login
        CKR[] mayAnswer = [CKR.CKR_OK, CKR.CKR_DEVICE_ERROR, CKR.CKR_DEVICE_MEMORY, CKR.CKR_DEVICE_REMOVED, CKR.CKR_PIN_INCORRECT,
            CKR.CKR_PIN_LEN_RANGE, CKR.CKR_PIN_LOCKED, CKR.CKR_SESSION_HANDLE_INVALID, CKR.CKR_SESSION_CLOSED];
        Assert.True(mayAnswer.Contains(rv), $"{fault}: C_Login answered {rv}");
        AfterTheFault(host, fault.StartsWith("drop", StringComparison.Ordinal));
    }

    /// <summary>
    /// A slow card that answers within the module's deadline (SHARPSC_CARD_TIMEOUT) is waited for: vpcd waits
    /// for the card as long as it takes (a blocking recv), as a CCID reader waits within the card's BWT and its
    /// WTX requests. The slow call delays only itself: calls that need no APDU answer at once meanwhile.
    /// </summary>
    [Fact]
    public async Task A_card_answering_late_within_the_deadline_delays_only_its_own_call()
    {
        using var deadline = new TestSupport.NativeEnvironment("SHARPSC_CARD_TIMEOUT", "12");
        using var host = new RawHost();
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var session));
        Assert.Equal(CKR.CKR_OK, host.Login(session));
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var other));
        Assert.Equal(CKR.CKR_OK, host.Find(session, CKO.CKO_PRIVATE_KEY, 1, out _));
        Assert.Equal("ok", card.Card.Control("fault delay=5000 ins=2A"));
        var clock = Stopwatch.StartNew();
        var signer = Task.Run(() => (host.Sign(session, 1, [1], out var sig), sig, clock.Elapsed));
        Thread.Sleep(1500);
        Assert.False(signer.IsCompleted);
        // Calls that need no APDU answer at once while the card thinks.
        var quick = Stopwatch.StartNew();
        var slotInfo = new Net.Pkcs11Interop.LowLevelAPI80.CK_SLOT_INFO();
        Assert.Equal(CKR.CKR_OK, host.P11.C_GetSlotInfo(host.Slot, ref slotInfo));
        var sessionInfo = new Net.Pkcs11Interop.LowLevelAPI80.CK_SESSION_INFO();
        Assert.Equal(CKR.CKR_OK, host.P11.C_GetSessionInfo(other, ref sessionInfo));
        ulong count = 0;
        Assert.Equal(CKR.CKR_OK, host.P11.C_GetSlotList(false, null, ref count));
        Assert.True(quick.Elapsed < TimeSpan.FromSeconds(2), $"calls without APDUs took {quick.Elapsed} while the card was slow");
        var (rv, signature, elapsed) = await signer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(CKR.CKR_OK, rv);
        Assert.Equal(256, signature.Length);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(12));
        host.AssertNextSessionWorks();
    }

    /// <summary>Arms the fault, makes the call (bounded), and clears the fault whatever happened.</summary>
    private CKR UnderFault(string fault, Func<CKR> call)
    {
        Assert.Equal("ok", card.Card.Control("fault " + fault));
        try
        {
            return Bounded(fault, call);
        }
        finally
        {
            card.Card.Control("fault clear");
        }
    }

    /// <summary>
    /// Runs a call on a thread of its own and fails the test when it has not returned within <see cref="Bound"/>
    /// (a hang in native code cannot be interrupted; the thread is left behind).
    /// </summary>
    private static CKR Bounded(string fault, Func<CKR> call)
    {
        var result = CKR.CKR_GENERAL_ERROR;
        var thread = new Thread(() => result = call()) { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(Bound), $"{fault}: the call has not returned after {Bound.TotalSeconds} s");
        return result;
    }

    /// <summary>
    /// One glitch while the card is read (TokenInfo's SELECT answered 6A82 at detection, a flipped byte in the
    /// ODF) is not remembered: the call that met it answers a spec code, and the next call, in the same module
    /// and without the card being detected again, asks the card again and finds the PIN and every object.
    /// (It used to stay with the token until C_Finalize/C_Initialize or reinsertion.)
    /// </summary>
    [Theory]
    [InlineData("sw=6A82 ins=A4 nth=2")]
    [InlineData("corrupt=0 ins=B0 nth=2")]
    public void A_glitch_in_a_lazy_read_is_not_remembered_and_the_next_call_reads_the_card_again(string fault)
    {
        using var host = new RawHost();
        var rv = UnderFault(fault, () =>
        {
            var info = new CK_TOKEN_INFO();
            var r = host.P11.C_GetTokenInfo(host.Slot, ref info);
            if (r != CKR.CKR_OK) return r;
            r = host.OpenSession(out var session);
            if (r == CKR.CKR_OK) r = host.Login(session);
            if (r == CKR.CKR_OK) r = host.Find(session, CKO.CKO_CERTIFICATE, null, out _);
            host.P11.C_CloseSession(session);
            return r;
        });
        CKR[] mayAnswer = [CKR.CKR_OK, CKR.CKR_DEVICE_ERROR];
        Assert.True(mayAnswer.Contains(rv), $"{fault}: answered {rv}");
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var next));
        Assert.Equal(CKR.CKR_OK, host.Login(next));
        Assert.Equal(CKR.CKR_OK, host.Find(next, CKO.CKO_CERTIFICATE, 1, out var certificates));
        Assert.Single(certificates);
        host.P11.C_CloseSession(next);
        host.AssertNextSessionWorks();
    }

    /// <summary>
    /// A card that answers the IsoApplet SELECT once with an odd status word (6D00 here, not the 6A82 of a
    /// card without the applet) is asked once more. It was matched by the generic PKCS#15 driver, which
    /// reads the objects but cannot sign with IsoApplet keys, until the card was detected again.
    /// </summary>
    [Fact]
    public void A_card_failing_the_applet_selection_once_is_still_matched_as_IsoApplet()
    {
        // The module finds the card's applications at the first C_GetSlotList (in RawHost): the glitch goes there.
        Assert.Equal("ok", card.Card.Control("fault sw=6D00 ins=A4"));
        using var host = new RawHost();
        var info = new Net.Pkcs11Interop.LowLevelAPI80.CK_TOKEN_INFO();
        Assert.Equal(CKR.CKR_OK, host.P11.C_GetTokenInfo(host.Slot, ref info));
        Assert.StartsWith("IsoApplet", ConvertUtils.BytesToUtf8String(info.Model).Trim());
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var session));
        Assert.Equal(CKR.CKR_OK, host.Login(session));
        Assert.Equal(CKR.CKR_OK, host.Sign(session, 1, [1], out _));
    }

    /// <summary>
    /// A card that sends an empty answer: vpcd then waits forever (its recv of 0 bytes with MSG_WAITALL
    /// blocks until the card sends again), so that SCardTransmit never returns. The module's deadline gives
    /// C_Sign CKR_DEVICE_ERROR and leaves the stuck exchange to its worker thread, so C_Finalize has no call
    /// to wait for. Pulling the card ends the stuck exchange; the module starts again and signs.
    /// </summary>
    [Fact]
    public void Finalize_returns_at_once_after_a_call_stuck_in_a_reader_that_never_answers_was_given_up_on()
    {
        using var deadline = new TestSupport.NativeEnvironment("SHARPSC_CARD_TIMEOUT", "3");
        var host = new RawHost();
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var session));
        Assert.Equal(CKR.CKR_OK, host.Login(session));
        Assert.Equal(CKR.CKR_OK, host.Find(session, CKO.CKO_PRIVATE_KEY, 3, out _));
        Assert.Equal("ok", card.Card.Control("fault truncate=0 ins=2A"));
        var clock = Stopwatch.StartNew();
        Assert.Equal(CKR.CKR_DEVICE_ERROR, Bounded("truncate=0", () => host.Sign(session, 3, [1], out _)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(15));
        clock.Restart();
        Assert.Equal(CKR.CKR_OK, Bounded("C_Finalize", () => host.P11.C_Finalize(IntPtr.Zero)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"C_Finalize took {clock.Elapsed}");
        card.Card.Remove(); // vpcd's recv sees the connection close: the stuck SCardTransmit returns
        card.Card.Insert();
        Assert.Equal(CKR.CKR_OK, host.P11.C_Initialize(new Net.Pkcs11Interop.LowLevelAPI80.CK_C_INITIALIZE_ARGS { Flags = CKF.CKF_OS_LOCKING_OK }));
        host.AssertNextSessionWorks();
        host.Dispose();
    }

    private void AfterTheFault(RawHost host, bool dropped)
    {
        if (dropped)
        {
            Thread.Sleep(1000); // the card re-inserts itself 500 ms after a drop
            card.Card.WaitForReaderState(present: true);
        }
        host.AssertNextSessionWorks();
        host.Restart();
        host.AssertNextSessionWorks();
    }
}
