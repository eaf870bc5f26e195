using SharpSC.Diagnostics;

namespace SharpSC.Cards.Tests.Support;

/// <summary>Routes the global trace to a temp file at Debug level for one test; <see cref="Text"/> reads it.</summary>
public sealed class LogCapture : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"sharpsc-cards-{Guid.NewGuid():N}.log");

    public LogCapture() => Log.Configure(LogLevel.Debug, _path);

    public string Text => File.Exists(_path) ? File.ReadAllText(_path) : "";

    public void Dispose()
    {
        Log.Configure(LogLevel.Off, null);
        File.Delete(_path);
    }
}

/// <summary>Tests that change the global trace run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalLogCollection
{
    public const string Name = "global log";
}
