using SharpSC.VirtualCard.Applets.MyEid;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests.MyEid;

/// <summary>Sends APDUs (hex) to an emulated MyEID card and checks answers; sets cards up as pkcs15-init would.</summary>
internal sealed class MyEidTestCard(MyEidCard card)
{
    public const string UserPin = "313233343536FFFF"; // "123456"
    public const string UserPuk = "3132333435363738"; // "12345678"
    public const string SoPin = "3030303030303030"; // "00000000"

    public MyEidTestCard() : this(new MyEidCard())
    {
    }

    public MyEidCard Card { get; } = card;

    public MyEidCardState State => Card.Applet.State;

    public (byte[] Data, ushort Sw) Send(string hex) => Send(Hex.Parse(hex));

    public (byte[] Data, ushort Sw) Send(byte[] apdu)
    {
        var r = Card.Process(apdu);
        return (r[..^2], (ushort)(r[^2] << 8 | r[^1]));
    }

    /// <summary>Sends and requires the status word; returns the data.</summary>
    public byte[] Expect(string hex, ushort sw = 0x9000) => Expect(Hex.Parse(hex), sw);

    public byte[] Expect(byte[] apdu, ushort sw = 0x9000)
    {
        var (data, actual) = Send(apdu);
        Assert.True(actual == sw, $"> {Hex.Format(apdu)}: expected {sw:X4}, got {actual:X4} {Hex.Format(data)}");
        return data;
    }

    /// <summary>A case 3/4 short command.</summary>
    public static byte[] Apdu(byte cla, byte ins, byte p1, byte p2, byte[] data, int? le = null)
    {
        byte[] head = [cla, ins, p1, p2, (byte)data.Length, .. data];
        return le is int l ? [.. head, (byte)l] : head;
    }

    /// <summary>Sends data of any length, chained in 255-byte parts (CLA 10) as OpenSC does; returns the whole answer (GET RESPONSE included).</summary>
    public byte[] Chained(byte ins, byte p1, byte p2, byte[] data, int? le = 0, ushort sw = 0x9000)
    {
        var offset = 0;
        while (data.Length - offset > 255)
        {
            Expect(Apdu(0x10, ins, p1, p2, data[offset..(offset + 255)]));
            offset += 255;
        }
        var (answer, status) = Send(Apdu(0x00, ins, p1, p2, data[offset..], le));
        var all = answer.ToList();
        while (status >> 8 == 0x61)
        {
            (answer, status) = Send([0x00, 0xC0, 0x00, 0x00, (byte)(status & 0xFF)]);
            all.AddRange(answer);
        }
        Assert.True(status == sw, $"INS {ins:X2}: expected {sw:X4}, got {status:X4}");
        return all.ToArray();
    }

    /// <summary>Reads a GET DATA object in full (61xx + GET RESPONSE).</summary>
    public byte[] GetData(byte p2, ushort sw = 0x9000)
    {
        var (data, status) = Send([0x00, 0xCA, 0x01, p2, 0x00]);
        var all = data.ToList();
        while (status >> 8 == 0x61)
        {
            (data, status) = Send([0x00, 0xC0, 0x00, 0x00, (byte)(status & 0xFF)]);
            all.AddRange(data);
        }
        Assert.True(status == sw, $"GET DATA {p2:X2}: expected {sw:X4}, got {status:X4}");
        return all.ToArray();
    }

    /// <summary>PUT DATA 01 &lt;ref&gt; with PIN, PUK, 3 PIN tries and 10 PUK tries (as pkcs15-init --store-pin).</summary>
    public void CreatePin(byte reference, string pin, string puk, byte pinTries = 3, byte pukTries = 10) =>
        Expect($"00DA01{reference:X2}13{pin}{puk}{pinTries:X2}{pukTries:X2}00");

    public void Verify(byte reference, string pin, ushort sw = 0x9000) =>
        Expect($"002000{reference:X2}{pin.Length / 2:X2}{pin}", sw);

    public void SelectPath(string path, ushort sw = 0x9000) => Expect($"00A4080C{path.Length / 2:X2}{path}", sw);

    /// <summary>CREATE FILE of a key file in 5015: type 11 (RSA) or 22 (EC), size in bits, use/update/delete/generate with PIN 1.</summary>
    public void CreateKeyFile(string fid, byte type, int bits)
    {
        SelectPath("5015");
        Expect($"00E000001962178102{bits:X4}8201{type:X2}8302{fid}86031111FF850200008A0100");
    }

    /// <summary>A transparent EF in 5015 readable by all, updatable and deletable with PIN 1.</summary>
    public void CreateEf(string fid, int size, string acl = "011FFF")
    {
        SelectPath("5015");
        Expect($"00E000001962178002{size:X4}8201018302{fid}8603{acl}850200008A0100");
    }

    /// <summary>User PIN 1 (with PUK), SO PIN 3, activated: what pkcs15-init -C, --store-pin and -F leave.</summary>
    public void Personalise()
    {
        CreatePin(3, SoPin, SoPin);
        CreatePin(1, UserPin, UserPuk);
        Expect("004404000CA000000063504B43532D3135");
        Assert.True(State.IsOperational);
    }

    public MyEidTestKey PublicKey(string fid) =>
        MyEidTestKey.Of(State.MasterFile.Child(0x5015)!.Child(Convert.ToUInt16(fid, 16))!.Key!);
}
