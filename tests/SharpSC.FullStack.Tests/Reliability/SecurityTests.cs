using System.Globalization;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;
using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// Security properties, each pinned by a test: private keys never readable; a PIN goes to the card once
/// and the card's counters show in the token flags; PINs and PUKs never reach a trace; files are 0600;
/// the virtual card listens on no port.
/// </summary>
[Collection(PcscCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SecurityTests(VerboseOpenScCard card) : IClassFixture<VerboseOpenScCard>
{
    private const string WrongPin = "999999";
    private const string NewPin = "654321";

    [Fact]
    public void No_attribute_of_a_private_key_reveals_key_material_and_the_keys_stay_sensitive()
    {
        var secrets = new CardSecrets(card.Card.StatePath);
        Assert.Equal(2, secrets.KeyCount);
        using var host = new RawHost();
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var session));
        Assert.Equal(CKR.CKR_OK, host.Login(session));
        Assert.Equal(CKR.CKR_OK, host.Find(session, CKO.CKO_PRIVATE_KEY, null, out var keys));
        Assert.Equal(2, keys.Length);
        var readable = 0;
        foreach (var key in keys)
        {
            foreach (var type in Enum.GetValues<CKA>().Distinct())
            {
                var (rv, value) = Read(host, session, key, type);
                if (rv != CKR.CKR_OK) continue;
                readable++;
                Assert.False(secrets.Leaks(value), $"attribute {type} of key {key} holds private key bytes");
            }
            Assert.Equal(new byte[] { 1 }, Read(host, session, key, CKA.CKA_SENSITIVE).Value);
            Assert.Equal(new byte[] { 0 }, Read(host, session, key, CKA.CKA_EXTRACTABLE).Value);
            Assert.Equal(new byte[] { 1 }, Read(host, session, key, CKA.CKA_NEVER_EXTRACTABLE).Value);
            foreach (var secret in new[] { CKA.CKA_VALUE, CKA.CKA_PRIVATE_EXPONENT, CKA.CKA_PRIME_1, CKA.CKA_PRIME_2, CKA.CKA_EXPONENT_1,
                         CKA.CKA_EXPONENT_2, CKA.CKA_COEFFICIENT })
                Assert.True(Read(host, session, key, secret).Rv is CKR.CKR_ATTRIBUTE_SENSITIVE or CKR.CKR_ATTRIBUTE_TYPE_INVALID, secret.ToString());
            // No way to make it extractable or to take it out wrapped.
            var extractable = new[] { CkaUtils.CreateAttribute(CKA.CKA_EXTRACTABLE, true) };
            Assert.NotEqual(CKR.CKR_OK, host.P11.C_SetAttributeValue(session, key, extractable, 1));
            UnmanagedMemory.Free(ref extractable[0].value);
            var mechanism = CkmUtils.CreateMechanism(CKM.CKM_RSA_PKCS);
            ulong length = 0;
            Assert.NotEqual(CKR.CKR_OK, host.P11.C_WrapKey(session, ref mechanism, key, key, null, ref length));
        }
        Assert.True(readable > 40, $"only {readable} attributes were readable");
        Assert.True(secrets.Fingerprints > 500);
    }

    [Fact]
    public void A_wrong_PIN_is_sent_once_and_the_counters_show_in_the_token_flags_until_the_PUK_unblocks()
    {
        using var host = new RawHost();
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var session));
        Assert.Equal(0UL, PinFlags(host));
        var expected = new[]
        {
            CKF.CKF_USER_PIN_COUNT_LOW,
            CKF.CKF_USER_PIN_COUNT_LOW | CKF.CKF_USER_PIN_FINAL_TRY,
            CKF.CKF_USER_PIN_LOCKED,
        };
        foreach (var flags in expected)
        {
            var before = card.UserPinVerifies;
            var rv = host.Login(session, WrongPin);
            Assert.Equal(flags == CKF.CKF_USER_PIN_LOCKED ? CKR.CKR_PIN_LOCKED : CKR.CKR_PIN_INCORRECT, rv);
            WaitForCardLog(() => card.UserPinVerifies > before);
            Thread.Sleep(200);
            Assert.Equal(before + 1, card.UserPinVerifies);
            Assert.Equal(flags, PinFlags(host));
        }
        // Locked: the right PIN is refused too, still with one VERIFY at most.
        Assert.Equal(CKR.CKR_PIN_LOCKED, host.Login(session, TokenReader.Pin));
        // The SO (the IsoApplet PUK) sets the PIN again: RESET RETRY COUNTER.
        Assert.Equal(CKR.CKR_OK, host.P11.C_CloseSession(session));
        ulong rw = 0;
        Assert.Equal(CKR.CKR_OK, host.P11.C_OpenSession(host.Slot, CKF.CKF_SERIAL_SESSION | CKF.CKF_RW_SESSION, IntPtr.Zero, IntPtr.Zero, ref rw));
        Assert.Equal(CKR.CKR_OK, host.P11.C_Login(rw, CKU.CKU_SO, Encoding.ASCII.GetBytes(TokenReader.Puk), (ulong)TokenReader.Puk.Length));
        Assert.Equal(CKR.CKR_OK, host.P11.C_InitPIN(rw, Encoding.ASCII.GetBytes(TokenReader.Pin), (ulong)TokenReader.Pin.Length));
        Assert.Equal(CKR.CKR_OK, host.P11.C_Logout(rw));
        Assert.Equal(0UL, PinFlags(host));
        Assert.Equal(CKR.CKR_OK, host.Login(rw));
        host.AssertNextSessionWorks();
    }

    [Fact]
    public void PINs_and_the_PUK_never_reach_the_module_trace_even_at_the_APDU_level()
    {
        using var dir = new TempDir();
        var trace = dir.File("sharpsc.log");
        var data = dir.File("data.bin");
        File.WriteAllBytes(data, [1, 2, 3]);
        var env = new Dictionary<string, string?> { ["SHARPSC_DEBUG"] = "3", ["SHARPSC_LOG"] = trace };
        ProcessResult Tool(params string[] args) => ProcessRunner.Run("pkcs11-tool",
            ["--module", Module.Path, "--slot-description", TokenReader.Name, .. args], env);

        Assert.NotEqual(0, Tool("--login", "--pin", WrongPin, "--list-objects").ExitCode);
        var r = Tool("--login", "--pin", TokenReader.Pin, "--sign", "--id", "01", "-m", "SHA256-RSA-PKCS", "-i", data, "-o", dir.File("sig"));
        Assert.True(r.ExitCode == 0, r.ToString());
        r = Tool("--login", "--pin", TokenReader.Pin, "--change-pin", "--new-pin", NewPin);
        Assert.True(r.ExitCode == 0, r.ToString());
        r = Tool("--login", "--pin", NewPin, "--change-pin", "--new-pin", TokenReader.Pin);
        Assert.True(r.ExitCode == 0, r.ToString());
        r = Tool("--login", "--login-type", "so", "--so-pin", TokenReader.Puk, "--init-pin", "--new-pin", TokenReader.Pin);
        Assert.True(r.ExitCode == 0, r.ToString());
        r = Tool("--login", "--pin", TokenReader.Pin, "--list-objects");
        Assert.True(r.ExitCode == 0, r.ToString());

        var log = File.ReadAllText(trace);
        Assert.Contains("C_Login", log);
        Assert.Contains("C_SetPIN", log);
        Assert.Contains("C_InitPIN", log);
        Assert.Contains("> 00 20 00 01", log.Replace("00200001", "00 20 00 01", StringComparison.Ordinal)); // the APDU level was traced
        foreach (var secret in new[] { TokenReader.Pin, WrongPin, NewPin, TokenReader.Puk })
        {
            var bytes = Encoding.ASCII.GetBytes(secret);
            foreach (var form in new[] { secret, Convert.ToHexString(bytes), Spaced(bytes), Convert.ToBase64String(bytes) })
                Assert.DoesNotContain(form, log, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(trace));
    }

    [Fact]
    public void The_card_state_file_is_0600_and_saves_leave_no_temporary_file()
    {
        using var host = new RawHost();
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var session));
        Assert.Equal(CKR.CKR_OK, host.Login(session)); // a VERIFY resets the persistent try counter: a save
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(card.Card.StatePath));
        var directory = Path.GetDirectoryName(card.Card.StatePath)!;
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
    }

    /// <summary>
    /// The module's on-disk cache of public PKCS#15 files (Pkcs15FileCache): directory 0700, files 0600
    /// written by rename (no temporary left), never a PIN in it, and a damaged cache file is ignored.
    /// </summary>
    [Fact]
    public void The_module_cache_is_private_atomic_holds_no_PIN_and_a_damaged_entry_is_ignored()
    {
        using var dir = new TempDir();
        var cache = dir.File("cache");
        Thread.Sleep(3500); // the cache trusts a TokenInfo only once its lastUpdate is 3 s old (the fixture just wrote it)
        var log = dir.File("module.log");
        var env = new Dictionary<string, string?>
        {
            ["SHARPSC_CACHE_DIR"] = cache, ["SHARPSC_CACHE"] = null, ["SHARPSC_DEBUG"] = "3", ["SHARPSC_LOG"] = log,
        };
        ProcessResult List() => ProcessRunner.Run("pkcs11-tool",
            ["--module", Module.Path, "--slot-description", TokenReader.Name, "--login", "--pin", TokenReader.Pin, "--list-objects"], env);

        var first = List();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(Directory.Exists(cache), "no cache written:\n" + string.Join('\n', File.ReadAllLines(log).Where(l => !l.Contains("apdu", StringComparison.Ordinal)).Take(60)));
        var files = Directory.GetFiles(cache, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cache));
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        Assert.DoesNotContain(files, f => f.EndsWith(".tmp", StringComparison.Ordinal));
        foreach (var f in files)
        {
            var hex = Convert.ToHexString(File.ReadAllBytes(f));
            foreach (var secret in new[] { TokenReader.Pin, TokenReader.Puk })
                Assert.DoesNotContain(Convert.ToHexString(Encoding.ASCII.GetBytes(secret)), hex);
        }

        foreach (var f in files) File.WriteAllBytes(f, [.. File.ReadAllBytes(f).Take(20), 0xFF, 0x00, 0x13]);
        var second = List();
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(Objects(first.StdOut), Objects(second.StdOut));
        static int Objects(string listing) => listing.Split('\n').Count(l => l.Contains(" Object;", StringComparison.Ordinal));
    }

    /// <summary>
    /// The virtual card is a TCP client of vpcd and listens nowhere; vpcd itself listens on all interfaces
    /// (its opensock binds INADDR_ANY): a test-only exposure, documented in RELIABILITY.md.
    /// </summary>
    [Fact]
    public void The_virtual_card_listens_on_no_TCP_port_and_vpcd_listens_on_its_test_port()
    {
        var inodes = Directory.GetFiles($"/proc/{card.Card.ProcessId}/fd")
            .Select(f => new FileInfo(f).LinkTarget ?? "")
            .Where(t => t.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(t => t["socket:[".Length..^1])
            .ToHashSet();
        Assert.NotEmpty(inodes); // the vpcd connection and the control socket
        var tcp = new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists)
            .SelectMany(f => File.ReadAllLines(f).Skip(1))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        var ours = tcp.Where(f => inodes.Contains(f[9])).ToList();
        Assert.NotEmpty(ours); // its connection to vpcd
        Assert.DoesNotContain(ours, f => f[3] == "0A"); // 0A = LISTEN
        Assert.All(ours, f => Assert.EndsWith(":" + TokenReader.Port.ToString("X4", CultureInfo.InvariantCulture), f[2]));
        Assert.Contains(tcp, f => f[3] == "0A" && f[1] == "00000000:" + TokenReader.Port.ToString("X4", CultureInfo.InvariantCulture));
    }

    private static (CKR Rv, byte[] Value) Read(RawHost host, ulong session, ulong key, CKA type)
    {
        var template = new[] { CkaUtils.CreateAttribute(type) };
        var rv = host.P11.C_GetAttributeValue(session, key, template, 1);
        if (rv != CKR.CKR_OK) return (rv, []);
        var length = (int)template[0].valueLen;
        template[0].value = UnmanagedMemory.Allocate(length);
        try
        {
            rv = host.P11.C_GetAttributeValue(session, key, template, 1);
            return (rv, rv == CKR.CKR_OK ? UnmanagedMemory.Read(template[0].value, length) : []);
        }
        finally
        {
            UnmanagedMemory.Free(ref template[0].value);
        }
    }

    private static ulong PinFlags(RawHost host)
    {
        var info = new CK_TOKEN_INFO();
        Assert.Equal(CKR.CKR_OK, host.P11.C_GetTokenInfo(host.Slot, ref info));
        return info.Flags & (CKF.CKF_USER_PIN_COUNT_LOW | CKF.CKF_USER_PIN_FINAL_TRY | CKF.CKF_USER_PIN_LOCKED);
    }

    private static void WaitForCardLog(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline) Thread.Sleep(20);
    }

    private static string Spaced(byte[] bytes) => string.Join(' ', bytes.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
}
