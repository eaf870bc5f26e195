namespace SharpSC.Cards.Keys;

public enum KeyAlgorithm
{
    Rsa,
    Ec,
}
