using System.Security.Cryptography;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests;

/// <summary>Host-side keys and curve encodings for key import and generation tests (.NET/OpenSSL).</summary>
internal static class TestKeys
{
    private static readonly Lazy<RSAParameters> Rsa = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportParameters(true);
    });

    public static RSAParameters Rsa2048 => Rsa.Value;

    /// <summary>7F48 {92 p, 93 q, 94 qinv, 95 dp, 96 dq} for PUT DATA.</summary>
    public static byte[] RsaImportTemplate(RSAParameters k)
    {
        var inner = new List<byte>();
        foreach (var (tag, v) in new[] { (0x92, k.P!), (0x93, k.Q!), (0x94, k.InverseQ!), (0x95, k.DP!), (0x96, k.DQ!) })
            Tlv(inner, tag, v);
        var outer = new List<byte> { 0x7F, 0x48 };
        Length(outer, inner.Count);
        outer.AddRange(inner);
        return [.. outer];
    }

    /// <summary>81 p, 82 a, 83 b, 84 G, 85 order, 87 cofactor of a named curve, as OpenSC sends them.</summary>
    public static byte[] CurveTemplate(ECCurve named, out ECParameters explicitParameters)
    {
        using var ec = ECDsa.Create(named);
        explicitParameters = ec.ExportExplicitParameters(false);
        var c = explicitParameters.Curve;
        var list = new List<byte>();
        Tlv(list, 0x81, c.Prime!);
        Tlv(list, 0x82, c.A!);
        Tlv(list, 0x83, c.B!);
        Tlv(list, 0x84, [0x04, .. c.G.X!, .. c.G.Y!]);
        Tlv(list, 0x85, c.Order!);
        var h = c.Cofactor!.SkipWhile(b => b == 0).ToArray();
        Tlv(list, 0x87, h.Length == 1 ? [0x00, h[0]] : h);
        return [.. list];
    }

    public static void Tlv(List<byte> output, int tag, byte[] value)
    {
        output.Add((byte)tag);
        Length(output, value.Length);
        output.AddRange(value);
    }

    private static void Length(List<byte> output, int length)
    {
        if (length < 128)
        {
            output.Add((byte)length);
        }
        else if (length < 256)
        {
            output.Add(0x81);
            output.Add((byte)length);
        }
        else
        {
            output.Add(0x82);
            output.Add((byte)(length >> 8));
            output.Add((byte)length);
        }
    }

    /// <summary>Sends data with CLA 10 chaining in pieces of at most 255 bytes (v0), returning the last answer.</summary>
    public static (byte[] Data, ushort Sw) SendChained(CardSession s, byte ins, byte p1, byte p2, byte[] data, int? ne = null)
    {
        (byte[], ushort) last = ([], 0);
        for (var offset = 0; offset < data.Length; offset += 255)
        {
            var piece = data[offset..Math.Min(offset + 255, data.Length)];
            var isLast = offset + 255 >= data.Length;
            last = s.Send(CardSession.Apdu(isLast ? (byte)0x00 : (byte)0x10, ins, p1, p2, piece, isLast ? ne : null));
            if (!isLast) Assert.True(last.Item2 == 0x9000, $"chained piece answered {last.Item2:X4}");
        }
        return last;
    }

    public static string HexOf(byte[] b) => Hex.Format(b);
}
