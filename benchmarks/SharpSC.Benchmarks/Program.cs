using SharpSC.Benchmarks;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"sharpsc-bench: {e.Message}\n{BenchOptions.Usage}");
    return 2;
}

var results = new BenchRun(options, Console.Out).Execute(args);
var written = ResultFiles.Write(results);
Console.WriteLine($"results: {string.Join(", ", written)}");
foreach (var note in results.Notes) Console.WriteLine("note: " + note);
foreach (var t in Targets.Evaluate(results).Concat(results.Cards.Where(c => c.IsApplication()).SelectMany(c => ApplicationTargets.Evaluate(results, c))))
    Console.WriteLine($"{(t.Met switch { true => "met   ", false => "MISSED", null => "n/a   " })} {t.Target}: {t.Measured}");
return 0;
