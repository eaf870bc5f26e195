using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Tests.Replay;

namespace SharpSC.VirtualCard.Tests.OpenPgp;

public class OpenPgpDataObjectTests
{
    [Fact]
    public void Select_AnswersNoData_AndTheAidCarriesVersionManufacturerAndSerial()
    {
        var card = new PgpCard(0xCAFE0042);
        Assert.Empty(card.Ok(PgpCard.Select));
        Assert.Empty(card.Ok(PgpCard.Select + "00"));
        var aid = card.GetData(0x4F);
        Assert.Equal("D276000124010304FF53CAFE00420000", Hex.Format(aid));
    }

    [Fact]
    public void ApplicationRelatedData_HoldsEveryDataObjectAHostReads()
    {
        var card = new PgpCard();
        var ard = Tlv.Parse(Tlv.Parse(card.GetData(0x6E))[0x6E]);
        Assert.Equal(16, ard[0x4F].Length);
        Assert.Equal("0031C573C001C0059000", Hex.Format(ard[0x5F52]));
        Assert.False(ard.ContainsKey(0x7F66)); // see CardProfile: OpenSC 0.23 and RSA key generation
        var dd = Tlv.Parse(ard[0x73]);
        Assert.Equal("7C000400080000FF0001", Hex.Format(dd[0xC0]));
        Assert.Equal("010800001100", Hex.Format(dd[0xC1]));
        Assert.Equal("010800001100", Hex.Format(dd[0xC2]));
        Assert.Equal("010800001100", Hex.Format(dd[0xC3]));
        Assert.Equal("007F7F7F030003", Hex.Format(dd[0xC4]));
        Assert.Equal(new byte[60], dd[0xC5]);
        Assert.Equal(new byte[60], dd[0xC6]);
        Assert.Equal(new byte[12], dd[0xCD]);
        Assert.Equal("010002000300", Hex.Format(dd[0xDE]));
        // Each part is also readable on its own.
        Assert.Equal(dd[0xC4], card.GetData(0xC4));
        Assert.Equal(dd[0xC1], card.GetData(0xC1));
        Assert.Equal(ard[0x5F52], card.GetData(0x5F52));
    }

    [Fact]
    public void FactoryDefaults_CardholderDataCounterAndEmptyObjects()
    {
        var card = new PgpCard();
        Assert.Equal("5B005F2D02656E5F350139", Hex.Format(card.GetData(0x65)));
        Assert.Equal("9303000000", Hex.Format(card.GetData(0x7A)));
        Assert.Empty(card.GetData(0x5E));
        Assert.Empty(card.GetData(0x5F50));
        Assert.Empty(card.GetData(0x0101));
        Assert.Empty(card.GetData(0x7F21));
        card.Expect("00CA010300", 0x6982);
        card.Expect("00CA010400", 0x6982);
        card.Expect("00CA7F7400", 0x6A88);
        Assert.Equal("810100", Hex.Format(card.GetData(0xF9)));
        card.Expect("00CB3FFF035C017E08", 0x6D00);
    }

    [Fact]
    public void AlgorithmInformation_ListsWhatEachKeyTakes()
    {
        var card = new PgpCard();
        var fa = card.GetData(0xFA);
        var entries = new List<(int Tag, string Value)>();
        for (var pos = 0; pos < fa.Length; pos += 2 + fa[pos + 1])
            entries.Add((fa[pos], Hex.Format(fa.AsSpan(pos + 2, fa[pos + 1]))));
        Assert.Contains((0xC1, "011000001100"), entries);
        Assert.Contains((0xC1, "162B06010401DA470F01"), entries);
        Assert.Contains((0xC2, "122B060104019755010501"), entries);
        Assert.Contains((0xC3, "132B81040022"), entries);
        Assert.DoesNotContain(entries, e => e.Tag == 0xC2 && e.Value.StartsWith("13", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Tag != 0xC2 && e.Value.StartsWith("12", StringComparison.Ordinal));
    }

    [Fact]
    public void PutData_NeedsTheRightPassword_AndKeepsWhatWasWritten()
    {
        var card = new PgpCard();
        card.Expect("00DA005B09446F653C3C4A6F686E", 0x6982);
        card.VerifyPw3();
        card.Ok("00DA005B07446F653C3C4A6F");
        card.Ok("00DA5F2D0464656672");
        card.Ok("00DA5F350131");
        card.Ok("00DA5F5013" + Convert.ToHexString("https://example.org"u8));
        card.Ok("00DA005E05" + Convert.ToHexString("alice"u8));
        card.Ok("00DA01020401020304");
        Assert.Equal("5B07446F653C3C4A6F5F2D04646566725F350131", Hex.Format(card.GetData(0x65)));
        Assert.Equal("https://example.org"u8.ToArray(), card.GetData(0x5F50));
        Assert.Equal("alice"u8.ToArray(), card.GetData(0x5E));
        Assert.Equal("01020304", Hex.Format(card.GetData(0x0102)));
        // Private DO 3 needs PW1 (82) to read and write; PW3 does not open it.
        card.Expect("00DA01030100", 0x6982);
        card.VerifyPw1();
        card.Ok("00DA0103020A0B");
        Assert.Equal("0A0B", Hex.Format(card.GetData(0x0103)));
        Assert.Empty(card.GetData(0x0104));
    }

    [Fact]
    public void PutData_RefusesOversizedValues_AndUnknownTags()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        card.Expect(PgpCard.Apdu(0, 0xDA, 0x00, 0x5B, new byte[40]), 0x6700);
        card.Expect(PgpCard.Apdu(0, 0xDA, 0x00, 0xC7, new byte[19]), 0x6700);
        card.Expect(PgpCard.Apdu(0, 0xDA, 0x00, 0xCE, new byte[5]), 0x6700);
        card.Expect(PgpCard.Apdu(0, 0xDA, 0x00, 0xC4, [0x02]), 0x6A80);
        card.Expect(PgpCard.Apdu(0, 0xDA, 0x00, 0xD3, new byte[7]), 0x6700);
        card.Expect(PgpCard.Apdu(0, 0xDA, 0x7F, 0x21, new byte[2049], extended: true), 0x6700);
        card.Expect(PgpCard.Apdu(0, 0xDA, 0x00, 0xF9, [0x81, 0x01, 0x00]), 0x6A88);
        card.Expect(PgpCard.Apdu(0, 0xDA, 0x00, 0xD5, new byte[16]), 0x6A88);
    }

    [Fact]
    public void FingerprintsTimesAndCaFingerprints_AsGnuPgWritesThem()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        card.Ok("00DA00C714C25969D47D3FC09679DFA2DE9002E27025CFB4F6");
        card.Ok("00DA00CE046B11DB36");
        card.Ok("00DA00C914B9E8882FE7A76D20DCF28A70F2B9A4E37E2B62FB");
        card.Ok("00DA00D0046B11DB3A");
        card.Ok("00DA00CB140102030405060708090A0B0C0D0E0F1011121314");
        var fps = card.GetData(0xC5);
        Assert.Equal("C25969D47D3FC09679DFA2DE9002E27025CFB4F6", Hex.Format(fps.AsSpan(0, 20)));
        Assert.Equal(new byte[20], fps[20..40]);
        Assert.Equal("B9E8882FE7A76D20DCF28A70F2B9A4E37E2B62FB", Hex.Format(fps.AsSpan(40, 20)));
        Assert.Equal("6B11DB36000000006B11DB3A", Hex.Format(card.GetData(0xCD)));
        Assert.Equal("0102030405060708090A0B0C0D0E0F1011121314", Hex.Format(card.GetData(0xC6).AsSpan(20, 20)));
    }

    [Fact]
    public void Certificates_ThreeOccurrencesThroughSelectDataAndGetNextData()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        byte[][] certs = [[0x30, 0x01, 0xAA], [0x30, 0x01, 0xBB], [0x30, 0x01, 0xCC]];
        for (byte occurrence = 0; occurrence < 3; occurrence++)
        {
            card.Ok($"00A50{occurrence}040660045C027F21");
            card.PutData(0x7F21, certs[occurrence]);
        }
        card.Ok("00A501040660045C027F21");
        Assert.Equal(certs[1], card.GetData(0x7F21));
        // After SELECT of the application the occurrence is 0 again; GET NEXT DATA walks 1 and 2, then stops.
        card.Ok(PgpCard.Select);
        Assert.Equal(certs[0], card.GetData(0x7F21));
        Assert.Equal(certs[1], card.Ok("00CC7F2100"));
        Assert.Equal(certs[2], card.Ok("00CC7F2100"));
        card.Expect("00CC7F2100", 0x6A88);
        // The 60 03 coding some hosts send is taken; occurrence 3 and other tags are not.
        card.Ok("00A502040660035C027F21");
        Assert.Equal(certs[2], card.GetData(0x7F21));
        card.Expect("00A503040660045C027F21", 0x6A88);
        card.Expect("00A500040660045C025F50", 0x6A80);
        // An empty PUT DATA deletes the certificate.
        card.VerifyPw3();
        card.Ok("00A500040660045C027F21");
        card.Ok("00DA7F2100");
        Assert.Empty(card.GetData(0x7F21));
    }

    [Fact]
    public void CommandChaining_GathersACertificate_AndABrokenChainIsRefused()
    {
        var card = new PgpCard();
        card.VerifyPw3();
        var cert = Enumerable.Range(0, 700).Select(i => (byte)i).ToArray();
        card.Ok(PgpCard.Apdu(0x10, 0xDA, 0x7F, 0x21, cert[..254]));
        card.Ok(PgpCard.Apdu(0x10, 0xDA, 0x7F, 0x21, cert[254..508]));
        card.Ok(PgpCard.Apdu(0x00, 0xDA, 0x7F, 0x21, cert[508..]));
        Assert.Equal(cert, card.GetData(0x7F21));
        // A short GET DATA gets 256 bytes and 61xx, extended gets all of it at once.
        var (first, sw) = card.Send("00CA7F2100");
        Assert.Equal(256, first.Length);
        Assert.Equal(0x6100, sw);
        Assert.Equal(cert, card.Ok(PgpCard.Apdu(0, 0xCA, 0x7F, 0x21, ne: 2048, extended: true)));

        card.Ok(PgpCard.Apdu(0x10, 0xDA, 0x7F, 0x21, cert[..100]));
        card.Expect(PgpCard.Apdu(0x00, 0xDA, 0x00, 0x5B, [0x41]), 0x6883);
        Assert.Equal(cert, card.GetData(0x7F21));
    }

    [Fact]
    public void Attributes_TakeOpenScsExponentLengthAndRefuseWhatTheCardCannotDo()
    {
        var card = new PgpCard();
        card.Expect(PgpCard.Apdu(0, 0xDA, 0x00, 0xC1, Attrs.Rsa2048), 0x6982);
        card.VerifyPw3();
        // OpenSC 0.23's RSA attributes: 32-bit exponent length, no format byte (SmartPGP refuses them with 6A80).
        card.PutData(0xC1, Attrs.Rsa2048OpenSc);
        Assert.Equal(Attrs.Rsa2048OpenSc, card.GetData(0xC1));
        card.PutData(0xC2, Attrs.X25519);
        card.PutData(0xC3, Attrs.Ed25519);
        card.PutData(0xC3, [.. Attrs.EcdsaP384, 0xFF]);
        string[] refused =
        [
            "00DA00C106010400001100", // RSA-1024
            "00DA00C106010800001000", // 16-bit exponent
            "00DA00C106010800002100", // 33-bit exponent
            "00DA00C106010800001104", // import format 04
            "00DA00C1080108000011000000", // RSA with trailing bytes
            "00DA00C1062B8104002200", // no algorithm ID
            "00DA00C106132B81040021", // P-224
            "00DA00C10B122B060104019755010501", // ECDH on the signature key
            "00DA00C20A162B06010401DA470F01", // EdDSA on the decryption key
            "00DA00C209132A8648CE3D030107", // ECDSA on the decryption key
            "00DA00C30B132B060104019755010501", // ECDSA on Curve25519
            "00DA00C10113", // ECDSA without OID
            "00DA00C10116", // EdDSA without OID
        ];
        foreach (var apdu in refused) card.Expect(apdu, 0x6A80);
        card.Expect("00DA00C100", 0x6A80);
        Assert.Equal([.. Attrs.EcdsaP384, 0xFF], card.GetData(0xC3));
    }

    [Fact]
    public void UnknownInstructionsClassesAndSelections()
    {
        var card = new PgpCard();
        card.Expect("00A4040007A0000003080000", 0x6A82);
        card.Expect("00A4000C023F00", 0x6A82);
        card.Expect("0042000000", 0x6D00);
        card.Expect("80CA006E00", 0x6E00);
        card.Expect("0CCA006E00", 0x6882);
        Assert.Equal(16, card.GetData(0x4F).Length);
    }

    /// <summary>Top-level BER-TLV of a response, by tag (one- and two-byte tags).</summary>
    internal static class Tlv
    {
        public static Dictionary<int, byte[]> Parse(byte[] data)
        {
            var result = new Dictionary<int, byte[]>();
            var pos = 0;
            while (pos < data.Length)
            {
                int tag = data[pos++];
                if ((tag & 0x1F) == 0x1F) tag = tag << 8 | data[pos++];
                int length = data[pos++];
                if (length == 0x81) length = data[pos++];
                else if (length == 0x82)
                {
                    length = data[pos] << 8 | data[pos + 1];
                    pos += 2;
                }
                result[tag] = data[pos..(pos + length)];
                pos += length;
            }
            return result;
        }
    }
}
