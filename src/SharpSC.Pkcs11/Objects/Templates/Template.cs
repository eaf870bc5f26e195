using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Objects.Templates;

/// <summary>
/// A caller's attribute template with typed access. Every attribute must be understood by whoever
/// reads the template: <see cref="RejectUnread"/> turns the leftovers into CKR_ATTRIBUTE_TYPE_INVALID
/// (or CKR_ATTRIBUTE_READ_ONLY for those the spec lets only the token set), so nothing a caller asked
/// for is silently ignored. A type given twice with different values is CKR_TEMPLATE_INCONSISTENT.
/// </summary>
internal sealed class Template
{
    private readonly Dictionary<ulong, CkAttribute> _attributes = [];
    private readonly HashSet<ulong> _read = [];

    public Template(IReadOnlyList<CkAttribute> attributes)
    {
        foreach (var a in attributes)
        {
            if (_attributes.TryGetValue(a.Type, out var existing) && !existing.Value.AsSpan().SequenceEqual(a.Value))
                throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, $"attribute 0x{a.Type:X} is given twice with different values");
            _attributes[a.Type] = a;
        }
    }

    public bool Has(ulong type) => _attributes.ContainsKey(type);

    public CkAttribute? Raw(ulong type)
    {
        _read.Add(type);
        return _attributes.GetValueOrDefault(type);
    }

    public bool? Bool(ulong type) => Raw(type) is { } a ? AttributeCodec.ReadBool(a) : null;

    public ulong? ULong(ulong type) => Raw(type) is { } a ? AttributeCodec.ReadULong(a) : null;

    public byte[]? Bytes(ulong type) => Raw(type)?.Value;

    public string? Utf8(ulong type) => Raw(type) is { } a ? AttributeCodec.ReadUtf8(a) : null;

    public byte[] RequireBytes(ulong type, string what) =>
        Bytes(type) ?? throw new Pkcs11Exception(CKR_TEMPLATE_INCOMPLETE, $"{what} (attribute 0x{type:X}) is missing");

    /// <summary>A value that, when given, must equal <paramref name="expected"/> (class, key type ...).</summary>
    public void ExpectULong(ulong type, ulong expected, string what)
    {
        if (ULong(type) is { } v && v != expected)
            throw new Pkcs11Exception(CKR_TEMPLATE_INCONSISTENT, $"{what} 0x{v:X} does not fit (expected 0x{expected:X})");
    }

    /// <summary>A boolean that, when given, must be <paramref name="expected"/> (this token cannot do otherwise).</summary>
    public void ExpectBool(ulong type, bool expected, string why)
    {
        if (Bool(type) is { } v && v != expected)
            throw new Pkcs11Exception(CKR_ATTRIBUTE_VALUE_INVALID, $"attribute 0x{type:X} must be {(expected ? "CK_TRUE" : "CK_FALSE")}: {why}");
    }

    /// <summary>The usage flags (CKA_SIGN, CKA_DECRYPT ...) set to CK_TRUE, as PKCS#15 key usage.</summary>
    public KeyUsage Usage(params (ulong Type, KeyUsage Flag)[] map)
    {
        var usage = KeyUsage.None;
        foreach (var (type, flag) in map)
            if (Bool(type) == true) usage |= flag;
        return usage;
    }

    /// <summary>Fails on every attribute nobody read; <paramref name="tokenSet"/> are the ones only the token may set.</summary>
    public void RejectUnread(IReadOnlySet<ulong> tokenSet)
    {
        foreach (var type in _attributes.Keys)
        {
            if (_read.Contains(type)) continue;
            if (tokenSet.Contains(type))
                throw new Pkcs11Exception(CKR_ATTRIBUTE_READ_ONLY, $"attribute 0x{type:X} is set by the token, not by the caller");
            throw new Pkcs11Exception(CKR_ATTRIBUTE_TYPE_INVALID, $"attribute 0x{type:X} is not valid here");
        }
    }
}
