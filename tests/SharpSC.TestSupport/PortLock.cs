namespace SharpSC.TestSupport;

/// <summary>
/// vpcd takes one card per port. Test runs that share a machine (several test processes, or a
/// developer's manual card) wait for each other on a lock file per port instead of stealing it; the
/// demo (samples/demo/demo.sh) takes the same lock for the card it leaves in the reader. When the lock
/// is held, the holder is named on the screen at once (<see cref="TestNotice"/>): the demo's card is
/// asked to leave (its state is saved; `demo.sh resume` puts it back), anything else is waited for.
/// </summary>
public static class PortLock
{
    private static readonly TimeSpan NoticeEvery = TimeSpan.FromMinutes(1);
    private static readonly HashSet<int> GivenUp = [];

    public static string PathOf(int port) => Path.Combine(Path.GetTempPath(), $"sharpsc-vpcd-{port}.lock");

    public static FileStream Acquire(int port, TimeSpan? timeout = null)
    {
        var path = PathOf(port);
        var reader = Pcscd.VirtualReaders.FirstOrDefault(r => r.Port == port).Name ?? $"vpcd port {port}";
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(15));
        var nextNotice = DateTime.MinValue;
        lock (GivenUp)
        {
            if (GivenUp.Contains(port) && timeout == null)
                throw new TimeoutException($"reader \"{reader}\" is still held by another process (see the first test that waited for it)");
        }
        while (true)
        {
            if (TryOpen(path) is { } held) return held;
            var holders = ReaderHolders.Of(path);
            if (holders.FirstOrDefault(h => h.IsDemoCard) is { } demo)
            {
                TestNotice.Show($"reader \"{reader}\" holds the card `./build.sh demo` left in it (pid {demo.Pid}, {demo.DemoDirectory}); " +
                    "the tests need the reader, so that card is taken out now (its state is saved; " +
                    $"`{(port == Pcscd.VirtualReaders[0].Port ? "" : $"SHARPSC_DEMO_PORT={port} ")}{DemoScript(demo)} resume` puts it back, " +
                    "`./build.sh demo` starts a fresh one)");
                if (!ReaderHolders.TakeOut(demo, TimeSpan.FromSeconds(20)))
                    TestNotice.Show($"the demo's card (pid {demo.Pid}) did not leave; waiting for reader \"{reader}\"");
                continue;
            }
            if (DateTime.UtcNow >= deadline)
            {
                lock (GivenUp) GivenUp.Add(port);
                throw new TimeoutException($"reader \"{reader}\" stayed held by {Describe(holders)}; gave up after waiting");
            }
            if (DateTime.UtcNow >= nextNotice)
            {
                TestNotice.Show($"waiting for reader \"{reader}\": its lock ({path}) is held by {Describe(holders)}, " +
                    $"which the tests did not start and leave alone; stop it to let the tests go on (they wait until {deadline.ToLocalTime():HH:mm:ss})");
                nextNotice = DateTime.UtcNow + NoticeEvery;
            }
            Thread.Sleep(250);
        }
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Describe(IReadOnlyList<ReaderHolders.Holder> holders) =>
        holders.Count == 0 ? "a process this user cannot see (another user's, or one in another namespace)"
            : string.Join(", ", holders.Select(h => $"pid {h.Pid} ({h.CommandLine})"));

    // The demo's default directory is REPO/.state/demo; another SHARPSC_DEMO_DIR keeps its own script unknown.
    private static string DemoScript(ReaderHolders.Holder demo)
    {
        var repo = Path.GetDirectoryName(Path.GetDirectoryName(demo.DemoDirectory));
        var script = repo == null ? null : Path.Combine(repo, "samples", "demo", "demo.sh");
        return script != null && File.Exists(script) ? script : $"SHARPSC_DEMO_DIR={demo.DemoDirectory} samples/demo/demo.sh";
    }
}
