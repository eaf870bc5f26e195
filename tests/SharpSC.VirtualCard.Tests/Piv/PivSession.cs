using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using SharpSC.TestSupport;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests.Piv;

/// <summary>Sends hex APDUs to the virtual PIV card, follows 61xx, and knows the factory secrets.</summary>
internal sealed class PivSession(PivCardEmulator card)
{
    public const string Select = "00A4040005A000000308";
    public const string DefaultMgmKey = "010203040506070801020304050607080102030405060708";
    public const string PinBlock = "313233343536FFFF"; // 123456
    public const string PukBlock = "3132333435363738"; // 12345678

    public PivSession() : this(new PivCardEmulator())
    {
    }

    public PivCardEmulator Card => card;

    public (byte[] Data, ushort Sw) Send(string hex) => Send(Hex.Parse(hex));

    public (byte[] Data, ushort Sw) Send(byte[] apdu)
    {
        var r = card.Process(apdu);
        return (r[..^2], (ushort)(r[^2] << 8 | r[^1]));
    }

    /// <summary>Sends, follows 61xx with GET RESPONSE, returns all data and the final status word.</summary>
    public (byte[] Data, ushort Sw) Exchange(byte[] apdu)
    {
        var (data, sw) = Send(apdu);
        var all = new List<byte>(data);
        while (sw >> 8 == 0x61)
        {
            (data, sw) = Send($"00C00000{sw & 0xFF:X2}");
            all.AddRange(data);
        }
        return (all.ToArray(), sw);
    }

    public byte[] Expect(string hex, ushort sw) => Expect(Hex.Parse(hex), sw);

    public byte[] Expect(byte[] apdu, ushort sw)
    {
        var (data, actual) = Exchange(apdu);
        Assert.True(actual == sw, $"> {Hex.Format(apdu)}: expected {sw:X4}, got {actual:X4} {Hex.Format(data)}");
        return data;
    }

    public byte[] Ok(string hex) => Expect(hex, 0x9000);

    public byte[] Ok(byte[] apdu) => Expect(apdu, 0x9000);

    public PivSession Selected()
    {
        Ok(Select);
        return this;
    }

    public void VerifyPin() => Ok("0020008008" + PinBlock);

    /// <summary>Mutual authentication with the management key (witness, then challenge), as yubico-piv-tool does it.</summary>
    public void Authenticate(string keyHex = DefaultMgmKey, byte alg = 0x03)
    {
        var key = Hex.Parse(keyHex);
        var block = alg == 0x03 ? 8 : 16;
        var witness = Ok($"0087{alg:X2}9B047C028000");
        Assert.Equal(0x7C, witness[0]);
        var decrypted = Cipher(alg, key, false, witness[4..]);
        var challenge = new byte[block];
        Random.Shared.NextBytes(challenge);
        var body = Tlv(0x7C, [.. Tlv(0x80, decrypted), .. Tlv(0x81, challenge)]);
        var answer = Ok(Apdu(0x00, 0x87, alg, 0x9B, body));
        Assert.Equal(Cipher(alg, key, true, challenge), answer[4..]);
    }

    public static byte[] Cipher(byte alg, byte[] key, bool encrypt, byte[] block)
    {
        IBlockCipher cipher = alg == 0x03 ? new DesEdeEngine() : new AesEngine();
        cipher.Init(encrypt, new KeyParameter(key));
        var output = new byte[block.Length];
        cipher.ProcessBlock(block, 0, output, 0);
        return output;
    }

    public static byte[] Tlv(int tag, byte[] value)
    {
        var list = new List<byte>();
        if (tag > 0xFFFF) list.Add((byte)(tag >> 16));
        if (tag > 0xFF) list.Add((byte)(tag >> 8));
        list.Add((byte)tag);
        if (value.Length < 0x80) list.Add((byte)value.Length);
        else if (value.Length < 0x100) list.AddRange([0x81, (byte)value.Length]);
        else list.AddRange([0x82, (byte)(value.Length >> 8), (byte)value.Length]);
        list.AddRange(value);
        return [.. list];
    }

    /// <summary>A short APDU (Le 00 when asked), or extended when the data does not fit.</summary>
    public static byte[] Apdu(byte cla, byte ins, byte p1, byte p2, byte[] data, bool le = false)
    {
        if (data.Length <= 255)
        {
            var list = new List<byte> { cla, ins, p1, p2 };
            if (data.Length > 0) list.AddRange([(byte)data.Length, .. data]);
            if (le) list.Add(0x00);
            return [.. list];
        }
        return [cla, ins, p1, p2, 0x00, (byte)(data.Length >> 8), (byte)data.Length, .. data, .. (le ? new byte[] { 0x00, 0x00 } : [])];
    }

    /// <summary>Sends long data as a chain of short APDUs (CLA 10) like yubico-piv-tool; returns the last answer.</summary>
    public (byte[] Data, ushort Sw) Chained(byte ins, byte p1, byte p2, byte[] data)
    {
        var offset = 0;
        while (data.Length - offset > 255)
        {
            var (_, sw) = Send([0x10, ins, p1, p2, 0xFF, .. data.AsSpan(offset, 255)]);
            Assert.Equal(0x9000, sw);
            offset += 255;
        }
        var last = data[offset..];
        return Exchange([0x00, ins, p1, p2, (byte)last.Length, .. last, 0x00]);
    }

    /// <summary>The TLV children of a value (single-byte and two-byte tags, definite lengths).</summary>
    public static Dictionary<int, byte[]> Children(byte[] value)
    {
        var map = new Dictionary<int, byte[]>();
        var pos = 0;
        while (pos < value.Length)
        {
            int tag = value[pos++];
            if ((tag & 0x1F) == 0x1F) tag = tag << 8 | value[pos++];
            int len = value[pos++];
            if (len == 0x81) len = value[pos++];
            else if (len == 0x82) { len = value[pos] << 8 | value[pos + 1]; pos += 2; }
            map[tag] = value[pos..(pos + len)];
            pos += len;
        }
        return map;
    }
}
