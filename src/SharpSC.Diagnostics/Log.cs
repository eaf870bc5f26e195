using System.Globalization;
using System.Text;

namespace SharpSC.Diagnostics;

/// <summary>
/// The one trace facility of every layer. Off unless SHARPSC_DEBUG is 1..3; written to the file named
/// by SHARPSC_LOG (created 0600, appended) or else to stderr. Callers never pass secrets: APDU traces
/// go through the redaction in SharpSC.Cards.
/// </summary>
public static class Log
{
    public const string LevelVariable = "SHARPSC_DEBUG";
    public const string PathVariable = "SHARPSC_LOG";

    private static readonly object Gate = new();
    private static LogLevel _level = ReadLevel(Environment.GetEnvironmentVariable(LevelVariable));
    private static string? _path = Environment.GetEnvironmentVariable(PathVariable);

    public static LogLevel Level => _level;

    public static bool IsEnabled(LogLevel level) => level != LogLevel.Off && level <= _level;

    /// <summary>Reads SHARPSC_DEBUG and SHARPSC_LOG again (C_Initialize does, so a host can set them late).</summary>
    public static void ConfigureFromEnvironment() =>
        Configure(ReadLevel(Environment.GetEnvironmentVariable(LevelVariable)), Environment.GetEnvironmentVariable(PathVariable));

    public static void Configure(LogLevel level, string? path)
    {
        lock (Gate)
        {
            _level = level;
            _path = string.IsNullOrWhiteSpace(path) ? null : path;
        }
    }

    public static void Error(string component, string message) => Write(LogLevel.Error, component, message);

    public static void Info(string component, string message) => Write(LogLevel.Info, component, message);

    public static void Debug(string component, string message) => Write(LogLevel.Debug, component, message);

    public static void Write(LogLevel level, string component, string message)
    {
        if (!IsEnabled(level)) return;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} [{Environment.ProcessId}:{Environment.CurrentManagedThreadId}] {Tag(level)} {component}: {message}\n");
        lock (Gate)
        {
            try
            {
                if (_path == null)
                {
                    Console.Error.Write(line);
                    return;
                }
                using var stream = OpenAppend(_path);
                var bytes = Encoding.UTF8.GetBytes(line);
                stream.Write(bytes, 0, bytes.Length);
            }
            catch (IOException)
            {
                // Tracing must never break the host: a log that cannot be written is dropped.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static FileStream OpenAppend(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(path, options);
    }

    private static string Tag(LogLevel level) => level switch
    {
        LogLevel.Error => "ERROR",
        LogLevel.Info => "INFO ",
        _ => "DEBUG",
    };

    private static LogLevel ReadLevel(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? (LogLevel)Math.Clamp(n, 0, 3)
            : LogLevel.Off;
}
