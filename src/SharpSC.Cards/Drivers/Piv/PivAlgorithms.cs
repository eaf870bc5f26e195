using System.Globalization;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Keys;
using static SharpSC.Cards.Drivers.Piv.PivConstants;

namespace SharpSC.Cards.Drivers.Piv;

/// <summary>SP 800-78-4 asymmetric algorithm identifiers and the key types they stand for.</summary>
public static class PivAlgorithms
{
    /// <summary>The key type of an algorithm identifier, or null when the driver does not know it.</summary>
    public static KeySpec? ToKeySpec(byte algorithm) => algorithm switch
    {
        AlgRsa1024 => KeySpec.Rsa(1024),
        AlgRsa2048 => KeySpec.Rsa(2048),
        AlgRsa3072 => KeySpec.Rsa(3072),
        AlgRsa4096 => KeySpec.Rsa(4096),
        AlgEccP256 => KeySpec.Ec(EcCurves.Secp256r1),
        AlgEccP384 => KeySpec.Ec(EcCurves.Secp384r1),
        _ => null,
    };

    /// <summary>The identifier of a key type; a type PIV has no identifier for is NotSupportedByDriver.</summary>
    public static byte FromKeySpec(KeySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Algorithm switch
        {
            KeyAlgorithm.Rsa when spec.SizeBits == 1024 => AlgRsa1024,
            KeyAlgorithm.Rsa when spec.SizeBits == 2048 => AlgRsa2048,
            KeyAlgorithm.Rsa when spec.SizeBits == 3072 => AlgRsa3072,
            KeyAlgorithm.Rsa when spec.SizeBits == 4096 => AlgRsa4096,
            KeyAlgorithm.Ec when spec.Curve == EcCurves.Secp256r1 => AlgEccP256,
            KeyAlgorithm.Ec when spec.Curve == EcCurves.Secp384r1 => AlgEccP384,
            _ => throw new CardException(CardError.NotSupportedByDriver, $"PIV has no algorithm identifier for {spec}."),
        };
    }

    /// <summary>The identifier for a key of <paramref name="sizeBits"/> (RSA modulus or EC field).</summary>
    public static byte ForKey(KeyAlgorithm algorithm, int sizeBits) => algorithm == KeyAlgorithm.Rsa
        ? FromKeySpec(KeySpec.Rsa(sizeBits))
        : sizeBits switch
        {
            256 => AlgEccP256,
            384 => AlgEccP384,
            _ => throw new CardException(CardError.NotSupportedByDriver, string.Create(CultureInfo.InvariantCulture, $"PIV has no EC curve of {sizeBits} bits.")),
        };

    public static string Describe(byte algorithm) => ToKeySpec(algorithm)?.ToString()
        ?? string.Create(CultureInfo.InvariantCulture, $"unknown algorithm {algorithm:X2}");

    /// <summary>The name of a card management key algorithm (SP 800-78-4 Table 6-1; AES-192/256 on a YubiKey), or null.</summary>
    public static string? ManagementKeyName(byte algorithm) => algorithm switch
    {
        Alg3Des => "3DES",
        AlgAes128 => "AES-128",
        AlgAes192 => "AES-192",
        AlgAes256 => "AES-256",
        _ => null,
    };
}
