using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests;

/// <summary>Sends hex APDUs to an emulated card and checks answers.</summary>
internal sealed class CardSession(EmulatedCard card)
{
    public const string SelectApplet = "00A404000CF276A288BCFBA69D34F31001";
    public const string Puk = "30313233343536373839616263646566";
    public const string Pin = "313233343536";
    public const string PaddedPin = "31323334353600000000000000000000";

    public CardSession(AppletVersion version) : this(new IsoAppletCard(version))
    {
    }

    public EmulatedCard Card => card;

    /// <summary>The IsoApplet generation of an IsoApplet card.</summary>
    public AppletVersion Version => ((IsoAppletCard)card).Version;

    public (byte[] Data, ushort Sw) Send(string hex) => Send(Hex.Parse(hex));

    public (byte[] Data, ushort Sw) Send(byte[] apdu)
    {
        var r = card.Process(apdu);
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

    /// <summary>SELECT applet, set PUK and PIN (card operational), VERIFY.</summary>
    public CardSession Personalised()
    {
        Ok(SelectApplet);
        Ok("0024010210" + Puk);
        Ok("0024010106" + Pin);
        Ok("0020000110" + PaddedPin);
        return this;
    }

    public void Verify() => Ok("0020000110" + PaddedPin);

    /// <summary>Builds a command APDU (short when it fits, extended otherwise or when asked).</summary>
    public static byte[] Apdu(byte cla, byte ins, byte p1, byte p2, byte[]? data = null, int? ne = null, bool extended = false)
    {
        data ??= [];
        extended |= data.Length > 255 || ne > 256;
        var list = new List<byte> { cla, ins, p1, p2 };
        if (!extended)
        {
            if (data.Length > 0) list.Add((byte)data.Length);
            list.AddRange(data);
            if (ne is { } n) list.Add((byte)(n == 256 ? 0 : n));
            return list.ToArray();
        }
        list.Add(0);
        if (data.Length > 0)
        {
            list.Add((byte)(data.Length >> 8));
            list.Add((byte)data.Length);
            list.AddRange(data);
        }
        if (ne is { } e)
        {
            list.Add((byte)(e == 65536 ? 0 : e >> 8));
            list.Add((byte)(e == 65536 ? 0 : e));
        }
        return list.ToArray();
    }
}
