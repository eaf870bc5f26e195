using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Files;

namespace SharpSC.Pkcs15.Dump;

/// <summary>The "PKCS#15 Card [label]:" block (pkcs15-tool list_info).</summary>
internal static class TokenInfoDump
{
    public static void Write(DumpContext d)
    {
        var info = d.Application.TokenInfo;
        d.Line($"PKCS#15 Card [{info.Label ?? "(unknown)"}]:");
        d.Field("Version", DumpContext.Invariant(info.Version));
        // OpenSC keeps the serial as sc_bin_to_hex text: lowercase.
        d.Field("Serial number", info.SerialNumberHex?.ToLowerInvariant() ?? "(none)");
        d.Field("Manufacturer ID", info.ManufacturerId ?? "(unknown)");
        if (LastUpdateText(d, info.LastUpdate) is { } lastUpdate)
            d.Field("Last update", lastUpdate);
        if (info.PreferredLanguage is { } language)
            d.Field("Language", language);
        if (info.ProfileName is { } profile)
            d.Field("Profile", profile);
        var flags = (uint)info.EffectiveFlags;
        d.Field("Flags", DumpNames.Bits(flags, DumpNames.TokenFlags).TrimStart(',', ' '));
        var index = 0;
        foreach (var algorithm in info.SupportedAlgorithms ?? ValueList<AlgorithmInfo>.Empty)
            WriteAlgorithm(d, algorithm, index++);
        d.Line("");
        d.Line("");
    }

    // sc_pkcs15_get_lastupdate: the time itself, or a GeneralizedTime read from the referenced file.
    private static string? LastUpdateText(DumpContext d, LastUpdate? lastUpdate)
    {
        if (lastUpdate?.Time is { } time)
            return time;
        if (lastUpdate?.Path is not { } path || d.ReadFile(path) is not { } bytes)
            return null;
        try
        {
            return new DerReader(bytes, "lastUpdate").ReadGeneralizedTime();
        }
        catch (Pkcs15FormatException)
        {
            return null;
        }
    }

    private static void WriteAlgorithm(DumpContext d, AlgorithmInfo algorithm, int index)
    {
        d.Line($"\t\t sc_supported_algo_info[{index}]:");
        d.Line($"\t\t\t reference  : {DumpContext.Invariant(algorithm.Reference)} (0x{DumpContext.Hex2(algorithm.Reference).ToLowerInvariant()})");
        d.Line($"\t\t\t mechanism  : [0x{DumpContext.Hex2(algorithm.Mechanism).ToLowerInvariant()}] {DumpNames.Mechanism(algorithm.Mechanism)}");
        var parameters = algorithm.Parameters.CreateReader();
        if (parameters.IsNext(Asn1Tag.ObjectIdentifier))
            d.Line("\t\t\t parameters:  " + parameters.ReadObjectIdentifier());
        var operations = (uint)algorithm.Operations;
        d.Line($"\t\t\t operations : [0x{DumpContext.Hex2(operations).ToLowerInvariant()}]" + DumpNames.Bits(operations, DumpNames.AlgorithmOperations));
        if (algorithm.AlgorithmId is { } oid)
            d.Line("\t\t\t algo_id    : " + oid);
        d.Line($"\t\t\t algo_ref   : [0x{DumpContext.Hex2(algorithm.AlgorithmReference ?? 0).ToLowerInvariant()}]");
    }
}
