using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests;

/// <summary>Sends hex or byte APDUs to an emulated card and checks the status words of the answers.</summary>
internal class ApduPort(Func<byte[], byte[]> process)
{
    public (byte[] Data, ushort Sw) Send(string hex) => Send(Hex.Parse(hex));

    public (byte[] Data, ushort Sw) Send(byte[] apdu)
    {
        var r = process(apdu);
        return (r[..^2], (ushort)(r[^2] << 8 | r[^1]));
    }

    /// <summary>Sends and asserts the status word; returns the data.</summary>
    public byte[] Expect(string hex, ushort sw) => Expect(Hex.Parse(hex), sw);

    public byte[] Expect(byte[] apdu, ushort sw)
    {
        var (data, actual) = Send(apdu);
        Assert.True(actual == sw, $"> {Hex.Format(apdu)}: expected {sw:X4}, got {actual:X4} {Hex.Format(data)}");
        return data;
    }

    public byte[] Ok(string hex) => Expect(hex, 0x9000);

    public byte[] Ok(byte[] apdu) => Expect(apdu, 0x9000);
}
