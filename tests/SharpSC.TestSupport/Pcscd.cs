using System.Net.Sockets;

namespace SharpSC.TestSupport;

/// <summary>
/// The machine's one pcscd (Debian's always uses /run/pcscd). Tests start it when it is absent and
/// leave a running one alone; build.sh stops it only when it started it.
/// </summary>
public static class Pcscd
{
    public const string Socket = "/run/pcscd/pcscd.comm";

    /// <summary>
    /// Every vpcd reader the tests use: the pair Debian's vsmartcard-vpcd package configures, then the
    /// Yubico-named pair of <see cref="YubicoReaderConfig"/> (ykcs11 2.2.0 uses only readers whose names start
    /// with "Yubico"). vpcd names a reader after its configuration, and its second slot listens one port higher.
    /// </summary>
    public static readonly (string Name, int Port)[] VirtualReaders =
    [
        ("Virtual PCD 00 00", 35963),
        ("Virtual PCD 00 01", 35964),
        ("Yubico YubiKey vpcd 00 00", 35965),
        ("Yubico YubiKey vpcd 00 01", 35966),
    ];

    /// <summary>The readers every pcscd with vsmartcard-vpcd has.</summary>
    public static IReadOnlyList<(string Name, int Port)> PackageReaders => VirtualReaders[..2];

    /// <summary>The readers that exist only when pcscd started with <see cref="YubicoReaderConfig"/> installed.</summary>
    public static IReadOnlyList<(string Name, int Port)> YubicoReaders => VirtualReaders[2..];

    /// <summary>Where `./build.sh setup` installs packaging/pcscd/sharpsc-yubico-vpcd (with a copy of vpcd's driver the pair loads).</summary>
    public const string YubicoReaderConfig = "/etc/reader.conf.d/sharpsc-yubico-vpcd";

    /// <summary>The index OpenSC's tools (-r N) give the reader, from opensc-tool --list-readers.</summary>
    public static int OpenScReaderIndex(string readerName)
    {
        var r = ProcessRunner.RunChecked("opensc-tool", "--list-readers");
        foreach (var line in r.StdOut.Split('\n'))
        {
            var fields = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && int.TryParse(fields[0], out var index) && line.TrimEnd().EndsWith(" " + readerName, StringComparison.Ordinal))
                return index;
        }
        throw new InvalidOperationException($"OpenSC does not list reader {readerName}:\n{r.StdOut}");
    }

    private static readonly object Gate = new();

    public static bool IsRunning()
    {
        if (!File.Exists(Socket)) return false;
        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Connect(new UnixDomainSocketEndPoint(Socket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Starts pcscd when it is not running and waits until vpcd listens on its ports.</summary>
    public static void EnsureRunning()
    {
        lock (Gate)
        {
            if (!IsRunning())
            {
                var r = ProcessRunner.Run("pcscd", []);
                if (r.ExitCode != 0) throw new InvalidOperationException("pcscd did not start: " + r);
            }
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!(IsRunning() && PackageReaders.All(v => PortListens(v.Port))))
            {
                if (DateTime.UtcNow > deadline)
                    throw new InvalidOperationException("pcscd with vpcd (ports 35963/35964) is not ready after 15 s");
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>
    /// Checks that pcscd offers the vpcd reader on <paramref name="port"/>; for a Yubico-named reader that it
    /// does not offer, says why and what to do (pcscd reads its reader configuration only when it starts).
    /// </summary>
    public static void EnsureReader(int port)
    {
        EnsureRunning();
        var reader = VirtualReaders.FirstOrDefault(r => r.Port == port);
        if (reader.Name == null) throw new ArgumentException($"vpcd port {port} is none of the test readers ({string.Join(", ", VirtualReaders.Select(r => r.Port))})");
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (!PortListens(port))
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException(
                    $"pcscd has no reader \"{reader.Name}\" (vpcd port {port}). " +
                    (File.Exists(YubicoReaderConfig)
                        ? $"{YubicoReaderConfig} is installed, but this pcscd started before it was: restart pcscd (sudo systemctl restart pcscd, or sudo pkill -x pcscd; sudo pcscd)."
                        : $"Run ./build.sh setup, which installs {YubicoReaderConfig}, then restart pcscd (sudo systemctl restart pcscd, or sudo pkill -x pcscd; sudo pcscd)."));
            Thread.Sleep(100);
        }
    }

    /// <summary>
    /// Waits until pcscd reports the reader empty. A card process that quit is noticed by vpcd's presence
    /// poll, a moment later; the next test must not see the old card.
    /// </summary>
    public static void WaitUntilEmpty(string readerName, TimeSpan timeout)
    {
        using var context = SharpSC.PCSC.PcscContext.TryEstablish(out _);
        if (context == null) return;
        var deadline = DateTime.UtcNow + timeout;
        var state = new SharpSC.PCSC.ReaderState(readerName);
        while (DateTime.UtcNow < deadline)
        {
            state.CurrentState = 0;
            var rv = context.GetStatusChange(TimeSpan.Zero, [state]);
            if (rv == 0 && (state.EventFlags & SharpSC.PCSC.ReaderStates.Empty) != 0) return;
            Thread.Sleep(50);
        }
    }

    public static bool PortListens(int port)
    {
        try
        {
            // vpcd accepts one card per port; connecting and leaving immediately counts as a
            // short card insertion, so probe /proc instead of making a real connection.
            return File.ReadAllLines("/proc/net/tcp").Skip(1)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Any(f => f.Length > 3 && f[3] == "0A" && f[1].EndsWith(":" + port.ToString("X4"), StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }
}
