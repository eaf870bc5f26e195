using Org.BouncyCastle.Utilities;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// GET DATA and PUT DATA with P1 01 (MyEID manual "Get Data" / "Put Data"): card information, capabilities,
/// file lists, PIN information, public key parts; applet initialisation (erase), PIN creation, key loading.
/// </summary>
internal sealed class MyEidDataCommands(
    MyEidCardState state, MyEidSession session, MyEidAccess access, MyEidFileCommands files, MyEidPinCommands pins)
{
    /// <summary>Card name and version in the card information: "OsEID" 4.5.2, as OpenSC 0.23 names the card.</summary>
    private static readonly byte[] CardName = "OsEID"u8.ToArray();
    private static readonly byte[] CardVersion = [4, 5, 2];

    /// <summary>
    /// GET DATA 01 AA: version 01, features RSA|DES|AES|EC (000F), maximum key lengths RSA 4096, DES 192,
    /// AES 256, EC 521 bits.
    /// </summary>
    private static readonly byte[] Capabilities = [0x01, 0x00, 0x0F, 0x10, 0x00, 0x00, 0xC0, 0x01, 0x00, 0x02, 0x09];

    public Response GetData(CommandApdu c)
    {
        if (c.P1 != 0x01) throw IsoException.Of(StatusWords.ReferencedDataNotFound);
        if (c.Lc != 0) throw IsoException.Of(StatusWords.WrongLength);
        var p2 = c.P2;
        if (p2 is >= MyEidDataObjects.PinInfoFirst and <= MyEidDataObjects.PinInfoLast)
            return Response.Ok(pins.Info(p2 & 0x0F));
        return p2 switch
        {
            MyEidDataObjects.CardInfo => Response.Ok(CardInfo()),
            MyEidDataObjects.Capabilities => Response.Ok((byte[])Capabilities.Clone()),
            MyEidDataObjects.AccessCondition => Response.Ok([(byte)(access.AccessCondition >> 8), (byte)access.AccessCondition]),
            >= MyEidDataObjects.ListFirst and <= MyEidDataObjects.ListLast => ListFiles(p2),
            MyEidDataObjects.RsaKeyInfo => Response.Ok(RsaKeyInfo()),
            MyEidDataObjects.RsaModulus => Response.Ok(PublicKey<MyEidRsaKey>().Modulus()),
            MyEidDataObjects.RsaPublicExponent => Response.Ok(PublicKey<MyEidRsaKey>().PublicExponent()),
            MyEidDataObjects.EcPublicKey => Response.Ok(Tagged(0x30, PublicKey<MyEidEcKey>().PublicPoint())),
            >= MyEidDataObjects.EcPrime and <= MyEidDataObjects.EcOrder => Response.Ok(CurveParameter(p2)),
            _ => throw IsoException.Of(StatusWords.ReferencedDataNotFound),
        };
    }

    /// <summary>PUT DATA 01: E0 initialises (erases) the applet, 01..0E create PINs, 80..89 / A0 load key parts.</summary>
    public Response PutData(CommandApdu c, byte[] data)
    {
        if (c.P1 != 0x01) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var p2 = c.P2;
        if (p2 == MyEidDataObjects.InitializeApplet)
            return Erase(data);
        if (p2 is >= 1 and <= MyEidConstants.PinCount)
            return pins.Initialize(p2, data);
        if (data.Length == 0) throw IsoException.Of(StatusWords.WrongLength);
        if (p2 is >= MyEidDataObjects.KeyModulus and <= 0x8B or MyEidDataObjects.KeySymmetric)
            return LoadKeyPart(p2, data);
        throw IsoException.Of(StatusWords.FunctionNotSupported);
    }

    /// <summary>20 bytes: name (5), version (3), serial number (10), change counter (2).</summary>
    public byte[] CardInfo() =>
        [.. CardName, .. CardVersion, .. state.Serial, (byte)(state.ChangeCounter >> 8), (byte)state.ChangeCounter];

    /// <summary>A one-byte tag and its DER length (81 xx above 127 bytes) before the value.</summary>
    public static byte[] Tagged(byte tag, byte[] value) => value.Length > 127
        ? [tag, 0x81, (byte)value.Length, .. value]
        : [tag, (byte)value.Length, .. value];

    // The erase needs the MF's delete right once the card is operational; PINs and files go, the card returns to
    // creation state with MF and 5015 made again.
    private Response Erase(byte[] parameters)
    {
        if (!access.Permits(state.MasterFile.DeleteAcl)) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        state.Erase(parameters);
        session.Reset(state.MasterFile);
        files.Changed();
        return Response.Success;
    }

    private Response LoadKeyPart(byte tag, byte[] value)
    {
        var file = files.CurrentKeyFile();
        access.Require(file.UpdateAcl);
        var starting = tag is MyEidDataObjects.KeyPrimeP or MyEidDataObjects.KeySymmetric
                       || (tag == MyEidDataObjects.KeyEcPrivate && file.BaseType != MyEidFileTypes.RsaKey);
        var key = file.Key is { } k && !(starting && k.IsComplete) ? k : MyEidKey.ForFile(file);
        key.SetComponent(tag, value);
        file.Key = key;
        file.Prop = (ushort)((file.Prop & ~MyEidConstants.PropKeyGenerated) | (key.IsComplete ? MyEidConstants.PropKeyValid : 0));
        files.Changed();
        return Response.Success;
    }

    // GET DATA 01 A1..A6: FIDs of the current DF's children: all, working EFs, DFs, RSA, EC, symmetric key files.
    private Response ListFiles(byte p2)
    {
        var list = new List<byte>();
        foreach (var f in files.CurrentDf.Children)
        {
            var take = p2 switch
            {
                0xA1 => true,
                0xA2 => f.BaseType == MyEidFileTypes.Transparent,
                0xA3 => f.IsDf,
                0xA4 => f.BaseType == MyEidFileTypes.RsaKey,
                0xA5 => f.BaseType is MyEidFileTypes.EcKey or MyEidFileTypes.EcKeySecp256k1,
                _ => f.BaseType is MyEidFileTypes.DesKey or MyEidFileTypes.AesKey,
            };
            if (take && list.Count < 254)
            {
                list.Add((byte)(f.Fid >> 8));
                list.Add((byte)f.Fid);
            }
        }
        return list.Count == 0 ? Response.Success : Response.Ok(list.ToArray());
    }

    // GET DATA 01 00: 92 00, public exponent length in bits, modulus length in bits.
    private byte[] RsaKeyInfo()
    {
        var key = PublicKey<MyEidRsaKey>();
        var e = key.PublicExponent().Length * 8;
        return [0x92, 0x00, (byte)(e >> 8), (byte)e, (byte)(key.Bits >> 8), (byte)key.Bits];
    }

    private byte[] CurveParameter(byte p2)
    {
        var key = PublicKey<MyEidEcKey>();
        var d = key.Curve;
        var n = key.FieldBytes;
        return p2 switch
        {
            0x81 => BigIntegers.AsUnsignedByteArray(n, d.Curve.Field.Characteristic),
            0x82 => BigIntegers.AsUnsignedByteArray(n, d.Curve.A.ToBigInteger()),
            0x83 => BigIntegers.AsUnsignedByteArray(n, d.Curve.B.ToBigInteger()),
            0x84 => d.G.Normalize().GetEncoded(false)[1..],
            _ => BigIntegers.AsUnsignedByteArray(n, d.N),
        };
    }

    // Public parts come from the current key file and need its use right (as on OsEID); 6A88 when there is no such key.
    private T PublicKey<T>() where T : MyEidKey
    {
        var file = session.Current is { IsKeyFile: true } f ? f : throw IsoException.Of(StatusWords.ReferencedDataNotFound);
        access.Require(file.ReadAcl);
        return file.Key is T { IsComplete: true } key ? key : throw IsoException.Of(StatusWords.ReferencedDataNotFound);
    }
}
