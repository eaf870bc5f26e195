using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// tests/native/hostile_caller.c against the module and a personalised card: every exported function with
/// NULL pointers, invalid and stale handles, short buffers and wrong mechanism parameters, before
/// C_Initialize and after C_Finalize, from many threads, racing initialize/finalize, a waiter released by
/// C_Finalize, after fork() and across dlclose cycles. The program lists the codes each call may return.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class HostileCallerTests(OpenScCard card) : IClassFixture<OpenScCard>
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
}
