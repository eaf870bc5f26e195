namespace SharpSC.VirtualCard.Tests.OpenPgp;

/// <summary>Algorithm attribute values (OpenPGP card 3.4 §4.4.3.10) the tests write.</summary>
internal static class Attrs
{
    public static readonly byte[] Rsa2048 = Convert.FromHexString("010800001100");
    public static readonly byte[] Rsa3072 = Convert.FromHexString("010C00001100");
    public static readonly byte[] Rsa4096 = Convert.FromHexString("011000001100");

    /// <summary>As OpenSC 0.23 writes it: a 32-bit exponent length, no import format byte.</summary>
    public static readonly byte[] Rsa2048OpenSc = Convert.FromHexString("0108000020");

    public static readonly byte[] EcdsaP256 = Convert.FromHexString("132A8648CE3D030107");
    public static readonly byte[] EcdsaP384 = Convert.FromHexString("132B81040022");
    public static readonly byte[] EcdsaP521 = Convert.FromHexString("132B81040023");
    public static readonly byte[] EcdhP256 = Convert.FromHexString("122A8648CE3D030107");
    public static readonly byte[] EcdhP384 = Convert.FromHexString("122B81040022");
    public static readonly byte[] Ed25519 = Convert.FromHexString("162B06010401DA470F01");
    public static readonly byte[] X25519 = Convert.FromHexString("122B060104019755010501");

    public const byte Sig = 0xB6, Dec = 0xB8, Aut = 0xA4;
}
