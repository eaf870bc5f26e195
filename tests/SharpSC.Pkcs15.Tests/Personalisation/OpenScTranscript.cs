using SharpSC.VirtualCard;

namespace SharpSC.Pkcs15.Tests.Personalisation;

/// <summary>Replays the commands OpenSC's pkcs15-init sent to the genuine applet (v0-opensc-personalise.apdu) into an emulated card.</summary>
internal static class OpenScTranscript
{
    /// <summary>Sends the commands of the transcript section whose heading contains <paramref name="step"/>.</summary>
    public static void Replay(IsoAppletCard card, string step)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "isoapplet", "v0-opensc-personalise.apdu");
        var inSection = false;
        var sent = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("# pkcs15-", StringComparison.Ordinal))
                inSection = line.Contains(step, StringComparison.Ordinal);
            else if (inSection && line.StartsWith("> ", StringComparison.Ordinal))
            {
                var response = card.Process(Convert.FromHexString(line[2..]));
                if (response[^2] is not (0x90 or 0x6A or 0x61))
                    throw new InvalidOperationException($"replaying '{line}' answered {Convert.ToHexString(response)}");
                sent++;
            }
        }
        if (sent == 0)
            throw new ArgumentException($"no transcript section '{step}'", nameof(step));
    }
}
