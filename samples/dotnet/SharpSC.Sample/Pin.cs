using System.Text;

namespace SharpSC.Sample;

/// <summary>The user PIN: $SHARPSC_PIN, else typed on the terminal without echo.</summary>
public static class Pin
{
    public static string Read()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SHARPSC_PIN");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        if (Console.IsInputRedirected)
            throw new SampleException("no PIN: set SHARPSC_PIN or run on a terminal");
        Console.Error.Write("PIN: ");
        var pin = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && pin.Length > 0) pin.Length--;
            else if (!char.IsControl(key.KeyChar)) pin.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return pin.ToString();
    }
}
