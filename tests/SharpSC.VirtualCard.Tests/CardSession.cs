using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests;

/// <summary>Sends hex APDUs to an emulated card and checks answers.</summary>
internal sealed class CardSession(EmulatedCard card) : ApduPort(apdu => card.Process(apdu))
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
