namespace SharpSC.Pkcs11.Objects;

/// <summary>One attribute of a template: its type and its value bytes as the C caller laid them out.</summary>
public sealed record CkAttribute(ulong Type, byte[] Value);

/// <summary>
/// One answer of C_GetAttributeValue: the value, or a status (CKR_ATTRIBUTE_SENSITIVE,
/// CKR_ATTRIBUTE_TYPE_INVALID) with no value.
/// </summary>
public readonly record struct AttributeValue(byte[]? Value, ulong Status);
