using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Logging;

/// <summary>
/// Formats APDUs for the verbose log without secrets: Lc and data of VERIFY (20), CHANGE REFERENCE DATA
/// (24), RESET RETRY COUNTER (2C) and PUT DATA key import (DB) are left out (not even the PIN length shows),
/// and so is the plaintext answered to PSO DECIPHER.
/// </summary>
public static class ApduTrace
{
    private static readonly byte[] SecretDataInstructions = [0x20, 0x24, 0x2C, 0xDB];

    public static string Command(ReadOnlySpan<byte> apdu)
    {
        if (apdu.Length <= 4 || Array.IndexOf(SecretDataInstructions, apdu[1]) < 0) return "> " + Hex.Format(apdu);
        return $"> {Hex.Format(apdu[..4])} [data redacted]";
    }

    public static string Response(ReadOnlySpan<byte> command, ReadOnlySpan<byte> response)
    {
        var isDecipher = command.Length >= 4 && command[1] == 0x2A && command[2] == 0x80 && command[3] == 0x86;
        if (isDecipher && response.Length > 2)
            return $"< [plaintext redacted] {Hex.Format(response[^2..])}";
        return "< " + Hex.Format(response);
    }
}
