using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;

namespace SharpSC.Cards.Drivers;

/// <summary>
/// One key type the card handles: RSA of a modulus size or EC on a curve, with the operations it does with it.
/// <see cref="KeySizeBits"/> 0 means "whatever size the key has" (drivers that cannot know, e.g. generic PKCS#15).
/// <see cref="KeyAgreement"/>: the card computes ECDH shared secrets with such keys (<see cref="CardDriver.DeriveSharedSecret"/>).
/// </summary>
public sealed record SupportedAlgorithm(
    KeyAlgorithm Algorithm,
    int KeySizeBits,
    EcCurve? Curve,
    IReadOnlyList<SignatureAlgorithm> Sign,
    IReadOnlyList<DecipherAlgorithm> Decipher,
    bool Generate,
    bool Import,
    bool KeyAgreement = false)
{
    public override string ToString() =>
        (Algorithm == KeyAlgorithm.Rsa ? $"RSA-{KeySizeBits}" : $"EC {Curve}") +
        $" sign[{string.Join(",", Sign)}] decipher[{string.Join(",", Decipher)}]{(KeyAgreement ? " ecdh" : "")}{(Generate ? " gen" : "")}{(Import ? " import" : "")}";
}
