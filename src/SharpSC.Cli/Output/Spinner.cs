using System.Diagnostics;
using System.Globalization;

namespace SharpSC.Cli.Output;

/// <summary>
/// "⠙ Generating an RSA-2048 key on the card… 3.1 s" on stderr while the card works, redrawn ten times a second,
/// erased at the end. Silent when stderr is not a terminal.
/// </summary>
internal sealed class Spinner : IDisposable
{
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private readonly TextWriter _error;
    private readonly string _text;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Timer? _timer;
    private readonly Lock _gate = new();
    private int _frame;
    private bool _stopped;

    public Spinner(TextWriter error, bool isTerminal, string text)
    {
        _error = error;
        _text = text;
        if (isTerminal)
            _timer = new Timer(_ => Draw(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    public TimeSpan Elapsed => _watch.Elapsed;

    private void Draw()
    {
        lock (_gate)
        {
            if (_stopped) return;
            var seconds = _watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            _error.Write($"\r{Frames[_frame++ % Frames.Length]} {_text}… {seconds} s");
            _error.Flush();
        }
    }

    public void Dispose()
    {
        _watch.Stop();
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            if (_timer is null) return;
            _timer.Dispose();
            _error.Write("\r\u001b[K");
            _error.Flush();
        }
    }
}
