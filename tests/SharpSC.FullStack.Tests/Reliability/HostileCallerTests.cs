using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;
using Xunit.Abstractions;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// tests/native/hostile_caller.c against the module and a personalised card: every exported function with
/// NULL pointers, invalid and stale handles, short buffers and wrong mechanism parameters, before
/// C_Initialize and after C_Finalize, from many threads, racing initialize/finalize, a waiter released by
/// C_Finalize, after fork() and across dlclose cycles. The program lists the codes each call may return.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class HostileCallerTests(OpenScCard card, ITestOutputHelper output) : IClassFixture<OpenScCard>
{
    public static string Compile(TempDir dir) => NativeTestPrograms.Compile("hostile_caller.c", dir.Path, "-I/usr/include/p11-kit-1");

    [Fact]
    public void Every_function_answers_hostile_calls_with_spec_codes_and_nothing_crashes_or_hangs()
    {
        using var dir = new TempDir();
        var exe = Compile(dir);
        var r = ProcessRunner.Run(exe, [Module.Path, TokenReader.Name, TokenReader.Pin], timeout: TimeSpan.FromMinutes(8));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(" 0 failure(s)", r.StdOut);
        Assert.True(card.Card.ApduCount > 0);
    }

    /// <summary>
    /// The same program under valgrind memcheck: no invalid read or write, no use of uninitialised memory
    /// in the module, no leak that grows with use. QUICK mode here (fewer threads and cycles);
    /// <c>./build.sh valgrind</c> sets SHARPSC_VALGRIND_FULL=1 for the whole program with leak details.
    /// NativeAOT needs no suppression file here: valgrind 3.19 reports no error in the runtime's startup,
    /// GC or threads for this program (measured; see RELIABILITY.md).
    /// </summary>
    [Fact]
    [Trait("Category", "Valgrind")]
    public void Under_valgrind_memcheck_the_hostile_calls_make_no_memory_error()
    {
        using var dir = new TempDir();
        var exe = Compile(dir);
        var full = Environment.GetEnvironmentVariable("SHARPSC_VALGRIND_FULL") == "1";
        var log = dir.File("memcheck.log");
        var args = new List<string>
        {
            "--tool=memcheck", "--error-exitcode=99", "--track-fds=no", "--child-silent-after-fork=yes",
            "--leak-check=" + (full ? "full" : "summary"), "--errors-for-leak-kinds=definite", "--log-file=" + log,
            exe, Module.Path, TokenReader.Name, TokenReader.Pin,
        };
        if (!full) args.Add("quick");
        var r = ProcessRunner.Run("valgrind", args, timeout: TimeSpan.FromMinutes(full ? 30 : 5));
        var report = File.ReadAllText(log);
        output.WriteLine(r.StdOut.Split('\n').LastOrDefault(l => l.Contains("failure(s)", StringComparison.Ordinal)));
        foreach (var line in report.Split('\n').Where(l => l.Contains("lost:", StringComparison.Ordinal) || l.Contains("ERROR SUMMARY", StringComparison.Ordinal)))
            output.WriteLine(line);
        Assert.True(r.ExitCode == 0, $"{r}\n--- memcheck ---\n{report}");
        Assert.Contains(" 0 failure(s)", r.StdOut);
        Assert.Contains("ERROR SUMMARY: 0 errors", report);
    }
}
