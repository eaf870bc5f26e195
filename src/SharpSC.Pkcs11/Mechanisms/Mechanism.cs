namespace SharpSC.Pkcs11.Mechanisms;

/// <summary>CK_MECHANISM with its parameter decoded by the native layer.</summary>
public sealed record Mechanism(ulong Type, MechanismParameters? Parameters = null);

/// <summary>A mechanism parameter structure.</summary>
public abstract record MechanismParameters;

/// <summary>CK_RSA_PKCS_PSS_PARAMS.</summary>
public sealed record PssParameters(ulong HashAlgorithm, ulong Mgf, ulong SaltLength) : MechanismParameters;

/// <summary>CK_RSA_PKCS_OAEP_PARAMS (the label is pSourceData when source is CKZ_DATA_SPECIFIED).</summary>
public sealed record OaepParameters(ulong HashAlgorithm, ulong Mgf, ulong Source, byte[] SourceData) : MechanismParameters;

/// <summary>Parameter bytes of mechanisms whose parameter has no CK_ULONG in it.</summary>
public sealed record RawParameters(byte[] Bytes) : MechanismParameters;

/// <summary>CK_ECDH1_DERIVE_PARAMS of CKM_ECDH1_DERIVE: the KDF (CKD_*), its shared info, and the other party's public value.</summary>
public sealed record EcdhParameters(ulong Kdf, byte[] SharedData, byte[] PublicData) : MechanismParameters;

/// <summary>CK_EDDSA_PARAMS of CKM_EDDSA (PKCS#11 3.0): Ed25519ph when <paramref name="PreHash"/>, Ed25519ctx with a context.</summary>
public sealed record EdDsaParameters(bool PreHash, byte[] Context) : MechanismParameters;
