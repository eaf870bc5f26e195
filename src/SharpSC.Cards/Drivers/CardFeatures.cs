namespace SharpSC.Cards.Drivers;

/// <summary>What a card (as its driver found it) can do beyond reading files.</summary>
[Flags]
public enum CardFeatures
{
    None = 0,
    ExtendedApdu = 1 << 0,
    CommandChaining = 1 << 1,
    SecureRandom = 1 << 2,
    Ecc = 1 << 3,
    RsaPss = 1 << 4,
    Rsa4096 = 1 << 5,
    KeyGeneration = 1 << 6,
    KeyImport = 1 << 7,
    FileCreation = 1 << 8,
}
