namespace SharpSC.TestSupport;

/// <summary>
/// A line the person running the tests must see while they run (dotnet test keeps a test host's own output
/// to itself): appended to the file SHARPSC_TEST_NOTICES names (`./build.sh test` shows that file as it
/// grows), else written to the terminal (/dev/tty) when there is one; always to stderr too.
/// </summary>
public static class TestNotice
{
    public const string Variable = "SHARPSC_TEST_NOTICES";
    private static readonly object Gate = new();

    public static void Show(string message)
    {
        var line = $"==> tests: {message}{Environment.NewLine}";
        lock (Gate)
        {
            Console.Error.Write(line);
            var file = Environment.GetEnvironmentVariable(Variable);
            try
            {
                if (!string.IsNullOrEmpty(file)) File.AppendAllText(file, line);
                else if (File.Exists("/dev/tty")) File.AppendAllText("/dev/tty", line);
            }
            catch (IOException)
            {
                // no terminal (CI): stderr has it
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
