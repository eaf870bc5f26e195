using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Dump;

/// <summary>The "Private RSA Key [label]" and "Public EC Key [label]" blocks (pkcs15-tool print_prkey_info, print_pubkey_info).</summary>
internal static class KeyDump
{
    public static void WritePrivate(DumpContext d, PrivateKeyObject key)
    {
        d.Line($"Private {Name(key.Algorithm)} Key [{key.Label}]");
        d.CommonFlags(key);
        WriteUsageAndAccess(d, key.Key);
        var references = key.Key.AlgorithmReferences is { Count: > 0 } refs ? string.Join(", ", refs) : "0";
        d.Field("Algo_refs", references);
        d.AccessRules(key);
        if (key.ModulusLength is { } modulus and not 0)
            d.Field("ModLength", DumpContext.Invariant(modulus));
        else
            d.Field("FieldLength", DumpContext.Invariant(key.FieldLength ?? 0));
        d.Field("Key ref", DumpContext.Reference(KeyReference(key.Key)));
        d.Field("Native", key.Key.IsNative ? "yes" : "no");
        if (key.Value.Path is { } path)
            d.Field("Path", DumpContext.PrintPath(d.Application.Resolve(path)));
        if (key.Common.AuthId is { } authId)
            d.Field("Auth ID", authId.ToString());
        d.Field("ID", key.Key.Id.ToString());
        if (d.Application.GetObjectGuid(key) is { } guid)
            d.Field("MD:guid", guid);
        d.Line("");
    }

    public static void WritePublic(DumpContext d, PublicKeyObject key)
    {
        d.Line($"Public {Name(key.Algorithm)} Key [{key.Label}]");
        d.CommonFlags(key);
        WriteUsageAndAccess(d, key.Key);
        d.AccessRules(key);
        if (key.ModulusLength is { } modulus and not 0)
            d.Field("ModLength", DumpContext.Invariant(modulus));
        else if (key.Algorithm == KeyAlgorithm.Ec && key.Value.Path is not null
            && d.ReadValue(key.Value) is { } data && KeyMaterialProbe.EcFieldLength(data) is { } fieldLength)
            d.Field("FieldLength", DumpContext.Invariant(fieldLength));
        d.Field("Key ref", DumpContext.Reference(KeyReference(key.Key)));
        d.Field("Native", key.Key.IsNative ? "yes" : "no");
        if (key.Value.Path is { } path)
            d.Field("Path", DumpContext.PrintPath(d.Application.Resolve(path)));
        if (key.Common.AuthId is { } authId)
            d.Field("Auth ID", authId.ToString());
        d.Field("ID", key.Key.Id.ToString());
        if (key.Value.Path is null)
            d.Field("DirectValue", key.Value.Direct is null ? "<absent>" : "<present>");
        d.Line("");
    }

    private static void WriteUsageAndAccess(DumpContext d, CommonKeyAttributes key)
    {
        var usage = (uint)key.Usage;
        d.Field("Usage", $"[0x{DumpContext.Hex2(usage)}]" + DumpNames.Bits(usage, DumpNames.KeyUsage));
        var access = (uint)(key.AccessFlags ?? KeyAccessFlags.None);
        d.Field("Access Flags", $"[0x{DumpContext.Hex2(access)}]" + DumpNames.Bits(access, DumpNames.KeyAccess));
    }

    // Absent keyReference is -1 in OpenSC; 0.11.4 and older wrote negative values, which OpenSC adds 256 to.
    private static int KeyReference(CommonKeyAttributes key) => key.KeyReference is { } r ? (r < -1 ? r + 256 : r) : -1;

    private static string Name(KeyAlgorithm algorithm) => algorithm == KeyAlgorithm.Rsa ? "RSA" : "EC";
}
