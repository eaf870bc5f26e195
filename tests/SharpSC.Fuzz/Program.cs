using SharpFuzz;
using SharpSC.Fuzz.Targets;

namespace SharpSC.Fuzz;

/// <summary>
/// SharpSC.Fuzz instrument DIR      instruments the SharpSC assemblies in DIR for AFL (SharpFuzz)
/// SharpSC.Fuzz seeds TARGET DIR    writes the target's seed corpus into DIR
/// SharpSC.Fuzz run TARGET          the AFL++ persistent loop (afl-fuzz ... -- dotnet SharpSC.Fuzz.dll run TARGET)
/// SharpSC.Fuzz replay TARGET FILE.. runs inputs once, prints the crash of each (exit 1 if any)
/// </summary>
public static class Program
{
    /// <summary>The code under test: coverage is traced here only (not in the emulator or the harness).</summary>
    private static readonly string[] Instrumented = ["SharpSC.Pkcs15.dll", "SharpSC.Cards.dll", "SharpSC.Pkcs11.dll"];

    public static int Main(string[] args)
    {
        switch (args)
        {
            case ["instrument", var dir]:
                foreach (var dll in Instrumented.Select(name => Path.Combine(dir, name)))
                {
                    var types = Fuzzer.Instrument(dll, _ => true, Options.Value);
                    Console.WriteLine($"{Path.GetFileName(dll)}: {types.Count()} types instrumented");
                }
                return 0;
            case ["seeds", var name, var dir]:
                Directory.CreateDirectory(dir);
                var i = 0;
                foreach (var seed in FuzzTarget.Named(name).Seeds()) File.WriteAllBytes(Path.Combine(dir, $"seed-{i++:D3}"), seed);
                Console.WriteLine($"{i} seeds for {name}");
                return 0;
            case ["run", var name]:
                var target = FuzzTarget.Named(name);
                Fuzzer.Run(stream =>
                {
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    target.Run(buffer.ToArray());
                });
                return 0;
            case ["replay", var name, .. var files]:
                var failures = 0;
                foreach (var file in files)
                {
                    try
                    {
                        FuzzTarget.Named(name).Run(File.ReadAllBytes(file));
                    }
                    catch (Exception e)
                    {
                        failures++;
                        Console.WriteLine($"{file}: {e.GetType().Name}: {e.Message}\n{e.StackTrace?.Split('\n').FirstOrDefault()}");
                    }
                }
                Console.WriteLine($"{files.Length} input(s), {failures} crash(es)");
                return failures == 0 ? 0 : 1;
            default:
                Console.Error.WriteLine("usage: SharpSC.Fuzz instrument DIR | seeds TARGET DIR | run TARGET | replay TARGET FILE...");
                return 2;
        }
    }
}
