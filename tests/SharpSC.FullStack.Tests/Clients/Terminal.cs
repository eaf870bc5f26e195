using System.Diagnostics;
using System.Text;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.Clients;

/// <summary>Programs that read a PIN only from a terminal, run on one.</summary>
public static class Terminal
{
    /// <summary>
    /// Runs <paramref name="command"/> on a terminal (util-linux's script: OpenSC and libp11 read PINs only from one) and types
    /// <paramref name="answer"/> once <paramref name="prompt"/> shows; typed earlier, the prompt's flush of pending
    /// input (tcsetattr TCSAFLUSH) would drop it.
    /// </summary>
    public static ProcessResult TypeAtPrompt(string command, string prompt, string answer)
    {
        using var p = Process.Start(ProcessRunner.StartInfo("script", ["-qec", command, "/dev/null"], null, null))!;
        var stdout = new StringBuilder();
        var prompted = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            var buffer = new char[256];
            int n;
            while ((n = p.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
                lock (stdout)
                {
                    stdout.Append(buffer, 0, n);
                    if (stdout.ToString().Contains(prompt, StringComparison.Ordinal)) prompted.Set();
                }
        });
        Assert.True(prompted.Wait(TimeSpan.FromMinutes(2)), "no prompt: " + stdout);
        Thread.Sleep(500); // past the prompt's terminal setup
        p.StandardInput.Write(answer + "\n");
        p.StandardInput.Flush();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), command + " did not finish: " + stdout);
        reader.Wait();
        return new ProcessResult(p.ExitCode, stdout.ToString(), "");
    }
}
