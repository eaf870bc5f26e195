using SharpSC.PCSC;
using SharpSC.TestSupport;

namespace SharpSC.Benchmarks;

/// <summary>
/// Runs every workflow on every card with every module, cold and warm, repetitions interleaved so
/// our module and OpenSC share the same conditions; the card counts the APDUs of each host process.
/// </summary>
public sealed class BenchRun(BenchOptions options, TextWriter progress)
{
    private readonly string _output = Path.GetFullPath(options.OutputDirectory);

    public BenchResults Execute(IReadOnlyList<string> args)
    {
        if (!File.Exists(RepoPaths.Module))
            throw new InvalidOperationException($"{RepoPaths.Module} is missing: build first (./build.sh)");
        if (!File.Exists(RepoPaths.OpenScModule))
            throw new InvalidOperationException($"{RepoPaths.OpenScModule} is missing: apt-get install opensc-pkcs11 (./build.sh setup)");
        Directory.CreateDirectory(_output);
        var results = new BenchResults(options, RunInfo.Collect(args));
        var host = HostProgram.Compile(_output);
        Pcscd.EnsureRunning();

        foreach (var generation in options.Cards)
        {
            progress.WriteLine($"card {generation.Name()}: personalising");
            BenchCard personalised;
            try
            {
                personalised = BenchCard.Personalise(generation, generation == CardGeneration.Piv ? options.PivPort : options.Port,
                    options.Cli, options.V0BySharpSc);
            }
            catch (CardNotPersonalisedException e)
            {
                progress.WriteLine($"card {generation.Name()}: left out: {e.Message}");
                results.Notes.Add($"The {generation.Name()} card was not measured: {e.Message}.");
                continue;
            }
            using var card = personalised;
            var modules = Modules(card);
            using var scratch = new TempDir("sharpsc-bench-run");
            card.WaitUntilCacheable();
            var runnable = modules.Where(m => Supported(host, card, m, scratch, results)).ToList();
            if (!options.Smoke && generation == options.Cards.FirstOrDefault(c => !c.IsApplication()))
                MeasureFootprint(host, card, runnable, scratch, results);
            foreach (var workflow in generation.Workflows())
                foreach (var mode in new[] { CacheMode.Cold, CacheMode.Warm })
                    Measure(host, card, runnable, workflow, mode, scratch, results);
        }
        return results;
    }

    private List<ModuleUnderTest> Modules(BenchCard card)
    {
        using var context = PcscContext.Establish();
        var others = context.ListReaders().Where(r => r != card.Reader).ToList();
        var list = new List<ModuleUnderTest> { new SharpScModule(), new OpenScModule(false, others) };
        if (card.Generation == CardGeneration.Piv)
        {
            if (File.Exists(Ykcs11Module.LibraryPath)) list.Add(new Ykcs11Module());
            else progress.WriteLine($"  {Ykcs11Module.LibraryPath} is missing (apt-get install ykcs11): PIV without ykcs11");
        }
        if (options.OpenScCache) list.Add(new OpenScModule(true, others));
        if (!options.Smoke) list.Add(new SharpScModule(cache: false));
        return list;
    }

    /// <summary>
    /// One unmeasured workflow (a) per module, which also brings the binaries into the page cache. A
    /// module that finds no token is recorded as not supporting the card, with what it did.
    /// </summary>
    private bool Supported(HostProgram host, BenchCard card, ModuleUnderTest module, TempDir scratch, BenchResults results)
    {
        card.TakeTraffic();
        var r = host.Run(module.Path, Workflow.Info.HostWorkflow, Workflow.Info.HostArguments(card.Generation, card.Reader, BenchCard.Pin),
            module.Environment(RunDirectory(scratch)));
        var traffic = card.TakeTraffic();
        if (r.Error == null) return true;
        if (module is SharpScModule)
            throw new InvalidOperationException($"our module failed workflow (a) on the {card.Generation.Name()} card: {r.Error}");
        progress.WriteLine($"  {module.Name} on {card.Generation.Name()}: {r.Error} after {traffic.Apdus} APDUs: not supported");
        results.Unsupported.Add(new Unsupported(card.Generation, module.Name, null, r.Error, traffic.Apdus));
        return false;
    }

    private void Measure(HostProgram host, BenchCard card, IReadOnlyList<ModuleUnderTest> modules, Workflow workflow, CacheMode mode,
        TempDir scratch, BenchResults results)
    {
        progress.WriteLine($"card {card.Generation.Name()}: ({workflow.Id}) {workflow.Title}, {mode.ToString().ToLowerInvariant()}");
        var args = workflow.HostArguments(card.Generation, card.Reader, BenchCard.Pin);
        using var delay = SlowCard.Apply(card, workflow.ApduDelayMs);
        var active = modules.Where(m => !(mode == CacheMode.Warm && m.ColdOnly) && results.UnsupportedOn(card.Generation, m.Name, workflow) == null).ToList();
        var warmDirectories = new Dictionary<ModuleUnderTest, string>();
        if (mode == CacheMode.Warm)
        {
            foreach (var module in active.ToList())
            {
                var dir = RunDirectory(scratch);
                card.TakeTraffic();
                var r = host.Run(module.Path, workflow.HostWorkflow, [.. args, .. module.ExtraArguments(card.Generation, workflow)], module.Environment(dir));
                if (Failed(card, module, workflow, r, results)) active.Remove(module);
                warmDirectories[module] = dir;
            }
        }

        for (var rep = 1; rep <= options.Repetitions; rep++)
        {
            // Alternate who goes first so neither module always runs right after the other.
            var order = rep % 2 == 1 ? active.ToList() : Enumerable.Reverse(active).ToList();
            foreach (var module in order)
            {
                var dir = mode == CacheMode.Warm ? warmDirectories[module] : RunDirectory(scratch);
                card.TakeTraffic();
                var r = host.Run(module.Path, workflow.HostWorkflow, [.. args, .. module.ExtraArguments(card.Generation, workflow)], module.Environment(dir));
                if (Failed(card, module, workflow, r, results))
                {
                    active.Remove(module);
                    continue;
                }
                var traffic = card.TakeTraffic();
                results.Samples.Add(new Sample(card.Generation, module.Name, workflow, mode, rep, traffic, r));
            }
        }

        if (options.Trace && active.FirstOrDefault(m => m.Name == Targets.Ours) is { } ours)
            results.Traces.Add((card.Generation, workflow, mode, TraceRun(host, card, ours, workflow, mode, args, warmDirectories, scratch)));
    }

    /// <summary>One more run of our module with every APDU logged (SHARPSC_DEBUG=3), to explain the counts.</summary>
    private string TraceRun(HostProgram host, BenchCard card, ModuleUnderTest ours, Workflow workflow, CacheMode mode,
        IReadOnlyList<string> args, Dictionary<ModuleUnderTest, string> warmDirectories, TempDir scratch)
    {
        var traces = Path.Combine(_output, "traces");
        Directory.CreateDirectory(traces);
        var log = Path.Combine(traces, $"{card.Generation.Name()}-{workflow.Id}-{mode.ToString().ToLowerInvariant()}.log");
        File.Delete(log);
        var env = ours.Environment(mode == CacheMode.Warm ? warmDirectories[ours] : RunDirectory(scratch));
        env["SHARPSC_DEBUG"] = "3";
        env["SHARPSC_LOG"] = log;
        Check(ours, workflow, host.Run(ours.Path, workflow.HostWorkflow, args, env));
        return log;
    }

    private void MeasureFootprint(HostProgram host, BenchCard card, IReadOnlyList<ModuleUnderTest> modules, TempDir scratch, BenchResults results)
    {
        progress.WriteLine("footprint: publishing the NativeAOT null module");
        var nullModule = new NullModule(PublishNullModule());
        var args = Workflow.Info.HostArguments(card.Generation, card.Reader, BenchCard.Pin);
        for (var rep = 1; rep <= options.Repetitions; rep++)
        {
            Add("host alone (no module)", "none", host.Run("-", "none", [], new Dictionary<string, string?>()));
            Add(nullModule.Name, "load", host.Run(nullModule.Path, "load", [], nullModule.Environment(RunDirectory(scratch))));
            foreach (var module in modules.Where(m => !m.ColdOnly))
                Add(module.Name, "load", host.Run(module.Path, "load", args, module.Environment(RunDirectory(scratch))));
        }

        void Add(string what, string workflow, HostResult r)
        {
            if (r.Error != null) throw new InvalidOperationException($"footprint run {what} {workflow}: {r.Error}");
            results.Footprint.Add(new FootprintSample(what, workflow, r["maxrss_kb"], r["total_us"] / 1000.0));
        }
    }

    private string PublishNullModule()
    {
        var dir = Path.Combine(_output, "null-module");
        var project = Path.Combine(RepoPaths.Root, "benchmarks", "SharpSC.Benchmarks.NullModule");
        var r = ProcessRunner.Run("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", dir, "--nologo", "-v", "quiet"],
            timeout: TimeSpan.FromMinutes(10));
        if (r.ExitCode != 0) throw new InvalidOperationException("publishing the NativeAOT null module failed: " + r);
        return Path.Combine(dir, "null-pkcs11.so");
    }

    /// <summary>
    /// A run that failed or signed wrongly: our module's failure ends the benchmark; another module's is
    /// recorded (with the APDUs of the attempt) and that module sits the workflow out on this card.
    /// </summary>
    private bool Failed(BenchCard card, ModuleUnderTest module, Workflow workflow, HostResult r, BenchResults results)
    {
        var problem = r.Error ?? card.SignatureProblem(workflow, r);
        if (problem == null) return false;
        var traffic = card.TakeTraffic();
        if (module is SharpScModule)
            throw new InvalidOperationException($"{module.Name} failed workflow ({workflow.Id}) {workflow.Title} on {card.Generation.Name()}: {problem}");
        progress.WriteLine($"  {module.Name}: ({workflow.Id}) on {card.Generation.Name()}: {problem} after {traffic.Apdus} APDUs: not supported");
        results.Unsupported.Add(new Unsupported(card.Generation, module.Name, workflow, problem, traffic.Apdus));
        return true;
    }

    private static void Check(ModuleUnderTest module, Workflow workflow, HostResult r)
    {
        if (r.Error != null) throw new InvalidOperationException($"{module.Name} failed workflow ({workflow.Id}) {workflow.Title}: {r.Error}");
    }

    private static string RunDirectory(TempDir scratch) => Directory.CreateDirectory(scratch.File("run-" + Guid.NewGuid().ToString("N"))).FullName;
}
