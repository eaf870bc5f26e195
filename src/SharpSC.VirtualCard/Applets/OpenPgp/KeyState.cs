namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>Everything the card keeps about one key: attributes, the key itself, and what hosts wrote about it.</summary>
internal sealed class KeyState(AlgorithmAttributes attributes)
{
    public AlgorithmAttributes Attributes { get; set; } = attributes;
    public PgpKeyPair? Key { get; set; }
    public KeyOrigin Origin { get; set; }

    /// <summary>SHA-1 fingerprint of the OpenPGP public key packet (C7-C9), as the host computed and wrote it.</summary>
    public byte[] Fingerprint { get; set; } = new byte[20];

    public byte[] CaFingerprint { get; set; } = new byte[20];

    /// <summary>Generation time, seconds since 1970 big-endian (CE-D0).</summary>
    public byte[] GenerationTime { get; set; } = new byte[4];

    /// <summary>A new key or none: what hosts wrote about the previous one no longer holds.</summary>
    public void Replace(PgpKeyPair? key, KeyOrigin origin)
    {
        Key = key;
        Origin = key == null ? KeyOrigin.None : origin;
        Fingerprint = new byte[20];
        GenerationTime = new byte[4];
    }
}
