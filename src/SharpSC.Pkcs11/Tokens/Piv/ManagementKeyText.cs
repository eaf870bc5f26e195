using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tokens.Piv;

/// <summary>
/// The PIV card management key as C_Login(CKU_SO) and C_SetPIN receive it: hex digits, 32 (AES-128), 48 (3DES or
/// AES-192) or 64 (AES-256), as ykcs11 takes it. Never logged.
/// </summary>
internal static class ManagementKeyText
{
    /// <summary>The key bytes; CKR_PIN_LEN_RANGE for another length, CKR_PIN_INVALID for a character that is no hex digit.</summary>
    public static byte[] Parse(ReadOnlySpan<byte> text)
    {
        if (text.Length is not (32 or 48 or 64))
            throw new Pkcs11Exception(CKR_PIN_LEN_RANGE, "the PIV management key is 32, 48 or 64 hex digits (AES-128, 3DES or AES-192, AES-256)");
        var key = new byte[text.Length / 2];
        for (var i = 0; i < key.Length; i++)
        {
            var high = Digit(text[2 * i]);
            var low = Digit(text[2 * i + 1]);
            if (high < 0 || low < 0)
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
                throw new Pkcs11Exception(CKR_PIN_INVALID, "the PIV management key is given in hex digits");
            }
            key[i] = (byte)(high << 4 | low);
        }
        return key;
    }

    private static int Digit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
