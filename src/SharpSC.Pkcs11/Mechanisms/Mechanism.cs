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
