namespace SharpSC.Cards.Security;

/// <summary>What the card computes on Sign, and what the input must be.</summary>
public enum SignatureAlgorithm
{
    /// <summary>RSA PKCS#1 v1.5: input is the DigestInfo (or any data up to k-11 bytes); the card pads.</summary>
    RsaPkcs1,

    /// <summary>RSA-PSS on a pre-computed hash (20/28/32/48/64 bytes); the card uses MGF1 with the same hash and a salt of the hash length.</summary>
    RsaPss,

    /// <summary>ECDSA with SHA-1: input is the message. IsoApplet v0 hashes on the card; elsewhere the driver hashes and signs the hash.</summary>
    EcdsaSha1,

    /// <summary>ECDSA on a pre-computed hash (PKCS#11 CKM_ECDSA).</summary>
    Ecdsa,

    /// <summary>Raw RSA (RFC 8017 RSASP1): input is a block of the modulus length, already encoded by the host.</summary>
    RsaRaw,
}
