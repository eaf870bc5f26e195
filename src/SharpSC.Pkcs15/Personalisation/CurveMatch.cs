using Org.BouncyCastle.Crypto.Parameters;
using SharpSC.Cards.Keys;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>Finds the card layer's <see cref="EcCurve"/> for BouncyCastle domain parameters (named or explicit).</summary>
internal static class CurveMatch
{
    public static EcCurve? Find(ECDomainParameters parameters)
    {
        if (parameters is ECNamedDomainParameters named && EcCurves.FindByOid(named.Name.Id) is { } byName)
            return byName;
        var n = parameters.N.ToByteArrayUnsigned();
        var g = parameters.G.Normalize().GetEncoded(false);
        return EcCurves.All.FirstOrDefault(c => Trim(c.N).SequenceEqual(n) && c.G.AsSpan().SequenceEqual(g));
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        while (value.Length > 1 && value[0] == 0)
            value = value[1..];
        return value;
    }
}
