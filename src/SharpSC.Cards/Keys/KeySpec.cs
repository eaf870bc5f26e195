namespace SharpSC.Cards.Keys;

/// <summary>Which key pair to generate or import: RSA of a modulus size, or EC on a named curve.</summary>
public sealed record KeySpec
{
    private KeySpec(KeyAlgorithm algorithm, int sizeBits, EcCurve? curve)
    {
        Algorithm = algorithm;
        SizeBits = sizeBits;
        Curve = curve;
    }

    public KeyAlgorithm Algorithm { get; }

    /// <summary>RSA modulus bits, or the curve's field bits.</summary>
    public int SizeBits { get; }

    public EcCurve? Curve { get; }

    public static KeySpec Rsa(int modulusBits) => modulusBits is >= 512 and <= 16384 && modulusBits % 8 == 0
        ? new KeySpec(KeyAlgorithm.Rsa, modulusBits, null)
        : throw new ArgumentOutOfRangeException(nameof(modulusBits), modulusBits, "RSA modulus bits must be a multiple of 8 in 512..16384.");

    public static KeySpec Ec(EcCurve curve) =>
        new(KeyAlgorithm.Ec, (curve ?? throw new ArgumentNullException(nameof(curve))).FieldBits, curve);

    public override string ToString() => Algorithm == KeyAlgorithm.Rsa ? $"RSA-{SizeBits}" : $"EC {Curve}";
}
