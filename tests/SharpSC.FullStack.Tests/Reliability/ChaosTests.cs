using System.Collections.Concurrent;
using System.Diagnostics;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.LowLevelAPI80;
using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// Many threads and two processes on one card: 8 threads × 2 sessions find, read attributes and sign while
/// another thread pulls and reinserts the card; our module and OpenSC's in another process signing in turn
/// through PC/SC transactions. No deadlock (every thread joins in bounded time), no crash, only the codes
/// the situation allows, and never another key's answer (no handle confusion).
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class ChaosTests(OpenScCard card) : IClassFixture<OpenScCard>
{
    // What a call may answer while its card comes and goes (PKCS#11 3.0 §5.1: removal, stale handles,
    // a new token that needs a new login).
    private static readonly CKR[] DuringRemoval =
    [
        CKR.CKR_OK, CKR.CKR_DEVICE_REMOVED, CKR.CKR_DEVICE_ERROR, CKR.CKR_SESSION_HANDLE_INVALID, CKR.CKR_SESSION_CLOSED,
        CKR.CKR_TOKEN_NOT_PRESENT, CKR.CKR_USER_NOT_LOGGED_IN, CKR.CKR_USER_ALREADY_LOGGED_IN, CKR.CKR_OBJECT_HANDLE_INVALID,
        CKR.CKR_KEY_HANDLE_INVALID, CKR.CKR_OPERATION_NOT_INITIALIZED, CKR.CKR_OPERATION_ACTIVE,
    ];

    [Fact]
    public void Eight_threads_sign_and_read_while_the_card_is_pulled_and_reinserted()
    {
        using var host = new RawHost();
        var unexpected = new ConcurrentQueue<string>();
        var signatures = 0;
        var stop = new CancellationTokenSource();
        void Check(CKR rv, string what)
        {
            if (!DuringRemoval.Contains(rv)) unexpected.Enqueue($"{what}: {rv}");
        }

        var workers = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var rv = host.OpenSession(out var session);
                Check(rv, "C_OpenSession");
                if (rv != CKR.CKR_OK)
                {
                    Thread.Sleep(50);
                    continue;
                }
                for (var i = 0; i < 5 && !stop.IsCancellationRequested; i++)
                {
                    Check(host.Login(session), "C_Login");
                    var keyId = (byte)((t + i) % 2 == 0 ? 1 : 3);
                    rv = host.Find(session, CKO.CKO_PRIVATE_KEY, keyId, out var keys);
                    Check(rv, "find");
                    if (rv != CKR.CKR_OK || keys.Length != 1) continue;
                    var id = new[] { CkaUtils.CreateAttribute(CKA.CKA_ID) };
                    id[0].value = UnmanagedMemory.Allocate(8);
                    id[0].valueLen = 8;
                    rv = host.P11.C_GetAttributeValue(session, keys[0], id, 1);
                    Check(rv, "C_GetAttributeValue");
                    if (rv == CKR.CKR_OK && (id[0].valueLen != 1 || UnmanagedMemory.Read(id[0].value, 1)[0] != keyId))
                        unexpected.Enqueue($"handle {keys[0]} answered another key's CKA_ID");
                    UnmanagedMemory.Free(ref id[0].value);
                    rv = host.Sign(session, keyId, [(byte)t, (byte)i], out var signature);
                    Check(rv, "sign");
                    if (rv == CKR.CKR_OK)
                    {
                        Interlocked.Increment(ref signatures);
                        if (signature.Length != (keyId == 1 ? 256 : 64)) unexpected.Enqueue($"key {keyId} gave a {signature.Length}-byte signature");
                    }
                }
                Check(host.P11.C_CloseSession(session), "C_CloseSession");
            }
        }) { IsBackground = true }).ToList();
        workers.ForEach(w => w.Start());

        var clock = Stopwatch.StartNew();
        for (var cycle = 0; cycle < 4; cycle++)
        {
            Thread.Sleep(1500);
            card.Card.Remove();
            Thread.Sleep(500);
            card.Card.Insert();
        }
        Thread.Sleep(2000);
        stop.Cancel();
        Assert.All(workers, w => Assert.True(w.Join(TimeSpan.FromSeconds(30)), "a worker thread is stuck (deadlock?)"));
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3));
        Assert.True(unexpected.IsEmpty, string.Join("\n", unexpected.Take(20)));
        Assert.True(signatures > 20, $"only {signatures} signatures");
        host.AssertNextSessionWorks();
    }

    /// <summary>
    /// OpenSC's module in a child process signs in a loop while ours signs here: both go through PC/SC
    /// transactions on the shared card, and each re-selects the applet and re-verifies the PIN the other
    /// cleared. Every signature of both must succeed.
    /// </summary>
    [Fact]
    public async Task Our_module_and_OpenSC_in_another_process_sign_in_turn_on_one_card()
    {
        using var dir = new TempDir();
        var data = dir.File("data");
        File.WriteAllBytes(data, [1, 2, 3]);
        var script = dir.File("loop.sh");
        File.WriteAllText(script, $"""
            ok=0
            for i in $(seq 1 15); do
              pkcs11-tool --module {RepoPaths.OpenScModule} --slot-description '{TokenReader.Name}' --login --pin {TokenReader.Pin} \
                --sign --id 03 -m ECDSA-SHA1 -i {data} -o {dir.File("sig")} >/dev/null 2>&1 && ok=$((ok+1))
            done
            echo "opensc signatures: $ok"
            """);
        var other = Task.Run(() => ProcessRunner.Run("bash", [script], timeout: TimeSpan.FromMinutes(3)));
        using var host = new RawHost();
        Assert.Equal(CKR.CKR_OK, host.OpenSession(out var session));
        Assert.Equal(CKR.CKR_OK, host.Login(session));
        var ours = 0;
        while (!other.IsCompleted)
        {
            var rv = host.Sign(session, 1, [(byte)ours], out var signature);
            Assert.True(rv == CKR.CKR_OK, $"our signature {ours} while OpenSC signs: {rv}");
            Assert.Equal(256, signature.Length);
            ours++;
        }
        var r = await other;
        Assert.Contains("opensc signatures: 15", r.StdOut);
        Assert.True(ours > 5, $"only {ours} of our signatures");
    }
}
