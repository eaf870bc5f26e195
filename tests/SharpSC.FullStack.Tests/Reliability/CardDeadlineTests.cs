using System.Diagnostics;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;
using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// A card that stops answering, through pcscd and vpcd (the virtual card holds its answer far past the
/// module's deadline, then answers, as a card that hangs and comes back does). Every kind of call — the token
/// read when a host lists it, an object search, a signature, a key generation, a write — returns
/// CKR_DEVICE_ERROR at the deadline (SHARPSC_CARD_TIMEOUT, here 3 s and 4 s for key generation) instead of
/// freezing the host; while the card is silent, other calls on it fail at once; once it answers, the same
/// session goes on. A client process (pkcs11-tool) and the sharpsc CLI see an error and exit.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class CardDeadlineTests(OpenScCard card) : IClassFixture<OpenScCard>, IDisposable
{
    private const string Deadlines = "3,4";
    private const int SilenceMs = 9000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan CardBack = TimeSpan.FromMilliseconds(SilenceMs + 6000);

    private readonly NativeEnvironment _deadlines = new(CardDeadlines, Deadlines);
    private readonly ModuleCache _cache = new();

    private const string CardDeadlines = "SHARPSC_CARD_TIMEOUT";

    public void Dispose()
    {
        card.Card.Control("fault clear");
        _cache.Dispose();
        _deadlines.Dispose();
    }

    /// <summary>
    /// The card holds its answer to the next command with this INS for <see cref="SilenceMs"/>; the call must
    /// answer CKR_DEVICE_ERROR near its deadline; right after, another card call fails at once; then, once the
    /// card has answered, <paramref name="again"/> succeeds.
    /// </summary>
    private void Silent(string what, string ins, Func<CKR> call, Func<CKR> again, TimeSpan? deadline = null)
    {
        Assert.Equal("ok", card.Card.Control($"fault delay={SilenceMs} ins={ins}"));
        var clock = Stopwatch.StartNew();
        var rv = Bounded(what, call);
        Assert.True(rv == CKR.CKR_DEVICE_ERROR, $"{what} answered {rv} to a card that does not answer");
        Assert.InRange(clock.Elapsed, (deadline ?? Deadline) - TimeSpan.FromMilliseconds(300), (deadline ?? Deadline) + TimeSpan.FromSeconds(4));
        var blocked = Stopwatch.StartNew();
        Assert.Equal(CKR.CKR_DEVICE_ERROR, Bounded(what + " (again, card still silent)", again));
        Assert.True(blocked.Elapsed < TimeSpan.FromSeconds(1), $"{what}: a call while the card is silent took {blocked.Elapsed}");
        var recovered = CKR.CKR_DEVICE_ERROR;
        while (clock.Elapsed < CardBack && (recovered = Bounded(what + " (after the card answered)", again)) == CKR.CKR_DEVICE_ERROR)
            Thread.Sleep(500);
        Assert.True(recovered == CKR.CKR_OK, $"{what}: {recovered} {clock.Elapsed.TotalSeconds:0.0} s after the card went silent");
    }

    private static CKR Bounded(string what, Func<CKR> call)
    {
        var result = CKR.CKR_GENERAL_ERROR;
        var thread = new Thread(() => result = call()) { IsBackground = true };
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), $"{what}: the host is frozen (no answer after 30 s)");
        return result;
    }

    [Fact]
    public void List_find_sign_generate_and_write_return_an_error_at_the_deadline_and_the_session_goes_on()
    {
        using var host = new RawHost();
        var info = new CK_TOKEN_INFO();
        Silent("C_GetTokenInfo (the token read when a host lists it)", "A4",
            () => host.P11.C_GetTokenInfo(host.Slot, ref info), () => host.P11.C_GetTokenInfo(host.Slot, ref info));

        ulong session = 0;
        Assert.Equal(CKR.CKR_OK, host.P11.C_OpenSession(host.Slot, CKF.CKF_SERIAL_SESSION | CKF.CKF_RW_SESSION, IntPtr.Zero, IntPtr.Zero, ref session));
        Assert.Equal(CKR.CKR_OK, host.Login(session));
        ulong[] certificates = [];
        Silent("C_FindObjects (certificates)", "B0",
            () => host.Find(session, CKO.CKO_CERTIFICATE, 1, out _), () => host.Find(session, CKO.CKO_CERTIFICATE, 1, out certificates));
        Assert.Single(certificates);

        Silent("C_Sign", "2A", () => host.Sign(session, 1, [1, 2, 3], out _), () => host.Sign(session, 1, [1, 2, 3], out _));

        Silent("C_GenerateKeyPair (EC P-256)", "46", () => GenerateEcKey(host, session, 0x21), () => GenerateEcKey(host, session, 0x21),
            deadline: TimeSpan.FromSeconds(4));

        // The file given up on is created late, after the call failed; the next write finds it unreferenced and reclaims it.
        Silent("C_CreateObject (a data object written to the card)", "E0",
            () => CreateData(host, session, "silent card"), () => CreateData(host, session, "after the silence"));
        Assert.Contains(OpenScDump.Objects(TokenReader.OpenScIndex), l => l.Contains("after the silence", StringComparison.Ordinal));
        host.AssertNextSessionWorks();
    }

    private static CKR GenerateEcKey(RawHost host, ulong session, byte id)
    {
        var p256 = Convert.FromHexString("06082A8648CE3D030107");
        CK_ATTRIBUTE[] publicTemplate =
        [
            CkaUtils.CreateAttribute(CKA.CKA_TOKEN, true), CkaUtils.CreateAttribute(CKA.CKA_EC_PARAMS, p256),
            CkaUtils.CreateAttribute(CKA.CKA_VERIFY, true), CkaUtils.CreateAttribute(CKA.CKA_ID, new[] { id }),
        ];
        CK_ATTRIBUTE[] privateTemplate =
        [
            CkaUtils.CreateAttribute(CKA.CKA_TOKEN, true), CkaUtils.CreateAttribute(CKA.CKA_PRIVATE, true),
            CkaUtils.CreateAttribute(CKA.CKA_SIGN, true), CkaUtils.CreateAttribute(CKA.CKA_ID, new[] { id }),
        ];
        var mechanism = CkmUtils.CreateMechanism(CKM.CKM_EC_KEY_PAIR_GEN);
        ulong publicKey = 0, privateKey = 0;
        try
        {
            return host.P11.C_GenerateKeyPair(session, ref mechanism, publicTemplate, (ulong)publicTemplate.Length,
                privateTemplate, (ulong)privateTemplate.Length, ref publicKey, ref privateKey);
        }
        finally
        {
            for (var k = 0; k < publicTemplate.Length; k++) UnmanagedMemory.Free(ref publicTemplate[k].value);
            for (var k = 0; k < privateTemplate.Length; k++) UnmanagedMemory.Free(ref privateTemplate[k].value);
        }
    }

    private static CKR CreateData(RawHost host, ulong session, string label)
    {
        CK_ATTRIBUTE[] template =
        [
            CkaUtils.CreateAttribute(CKA.CKA_CLASS, CKO.CKO_DATA), CkaUtils.CreateAttribute(CKA.CKA_TOKEN, true),
            CkaUtils.CreateAttribute(CKA.CKA_PRIVATE, false), CkaUtils.CreateAttribute(CKA.CKA_LABEL, label),
            CkaUtils.CreateAttribute(CKA.CKA_VALUE, System.Text.Encoding.UTF8.GetBytes("written while the card " + label)),
        ];
        ulong handle = 0;
        try
        {
            return host.P11.C_CreateObject(session, template, (ulong)template.Length, ref handle);
        }
        finally
        {
            for (var k = 0; k < template.Length; k++) UnmanagedMemory.Free(ref template[k].value);
        }
    }

    /// <summary>
    /// Client processes: OpenSC's pkcs11-tool signing through our module, the sharpsc CLI reading the card and
    /// ssh-keygen listing its keys end near the deadline when the card goes silent, instead of hanging.
    /// </summary>
    [Fact]
    public void Client_processes_and_the_CLI_end_with_an_error_when_the_card_goes_silent()
    {
        using var dir = new TempDir("sharpsc-deadline");
        File.WriteAllText(dir.File("data.txt"), "signed by a silent card");
        var env = new Dictionary<string, string?> { [CardDeadlines] = Deadlines, ["SHARPSC_CACHE"] = "off" };

        Assert.Equal("ok", card.Card.Control($"fault delay={SilenceMs} ins=2A"));
        var clock = Stopwatch.StartNew();
        var tool = ProcessRunner.Run("pkcs11-tool", ["--module", Module.Path, "--slot-description", TokenReader.Name, "--login",
            "--pin", TokenReader.Pin, "--sign", "--id", "01", "--mechanism", "SHA256-RSA-PKCS", "--input-file", dir.File("data.txt"),
            "--output-file", dir.File("data.sig")], env, timeout: TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, tool.ExitCode);
        Assert.Contains("CKR_DEVICE_ERROR", tool.All, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"pkcs11-tool took {clock.Elapsed}");
        WaitUntilTheCardAnswered(clock);

        Assert.Equal("ok", card.Card.Control($"fault delay={SilenceMs} ins=B0"));
        clock.Restart();
        var cli = ProcessRunner.Run(RepoPaths.Bin("sharpsc"), ["dump", "--reader", TokenReader.Name], env, stdin: "", timeout: TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains("did not answer", cli.StdErr, StringComparison.Ordinal);
        Assert.Contains(CardDeadlines, cli.StdErr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"sharpsc took {clock.Elapsed}");
        WaitUntilTheCardAnswered(clock);
        var dump = ProcessRunner.Run(RepoPaths.Bin("sharpsc"), ["dump", "--reader", TokenReader.Name], env, stdin: "", timeout: TimeSpan.FromSeconds(60));
        Assert.True(dump.ExitCode == 0, dump.ToString());

        // ssh-keygen -D lists the card's keys through the module: a silent card makes it end without keys.
        Assert.Equal("ok", card.Card.Control($"fault delay={SilenceMs} ins=B0"));
        clock.Restart();
        var ssh = ProcessRunner.Run("ssh-keygen", ["-D", Module.Path], env, timeout: TimeSpan.FromSeconds(60));
        Assert.DoesNotContain("ssh-rsa", ssh.StdOut, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"ssh-keygen took {clock.Elapsed}");
        WaitUntilTheCardAnswered(clock);
        var keys = ProcessRunner.Run("ssh-keygen", ["-D", Module.Path], env, timeout: TimeSpan.FromSeconds(60));
        Assert.Contains("ssh-rsa", keys.StdOut, StringComparison.Ordinal);
    }

    private static void WaitUntilTheCardAnswered(Stopwatch sinceSilent)
    {
        var left = TimeSpan.FromMilliseconds(SilenceMs + 1000) - sinceSilent.Elapsed;
        if (left > TimeSpan.Zero) Thread.Sleep(left);
    }
}
