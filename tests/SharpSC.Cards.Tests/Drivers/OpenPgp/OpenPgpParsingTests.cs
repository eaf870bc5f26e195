using CsCheck;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers.OpenPgp;
using SharpSC.Cards.Errors;
using static SharpSC.Cards.Tests.Drivers.OpenPgp.OpenPgpFixtures;

namespace SharpSC.Cards.Tests.Drivers.OpenPgp;

/// <summary>The OpenPGP parsers on the genuine card's answers, and on everything else a card might answer.</summary>
public class OpenPgpParsingTests
{
    [Fact]
    public void ApplicationRelatedData_OfTheGenuineApplication()
    {
        var answer = Hex.Decode(GnuPg.ResponseTo("00CA006E00")[..^4]);
        var ard = ApplicationRelatedData.Parse(answer);
        Assert.Equal("D276000124010304AFAF000000000000", ard.Aid.HexText);
        Assert.Equal("3.4", ard.Aid.VersionText);
        Assert.Equal(0xAFAF, ard.Aid.Manufacturer);
        Assert.Equal("unknown", ard.Aid.ManufacturerName);
        Assert.Equal("AFAF00000000", Hex.Encode(ard.Aid.SerialNumber));
        Assert.True(ard.Historical.CommandChaining);
        Assert.False(ard.Historical.ExtendedLength);
        Assert.Equal((byte)0x05, ard.Historical.LifeCycle);
        var caps = ard.ExtendedCapabilities;
        Assert.True(caps.GetChallenge && caps.KeyImport && caps.PwStatusChangeable && caps.PrivateUseDataObjects && caps.AlgorithmAttributesChangeable);
        Assert.True(caps.SecureMessaging);
        Assert.Equal(0x0020, caps.MaxChallengeLength);
        Assert.Equal(0x0480, caps.MaxCertificateLength);
        Assert.Equal(0x00FF, caps.MaxSpecialDoLength);
        Assert.False(caps.ManageSecurityEnvironment);
        Assert.Equal(0, ard.MaxCommandLength);
        Assert.Equal(["rsa2048", "rsa2048", "nistp256"], ard.Attributes.Select(a => a.ToString()));
        Assert.Equal(OpenPgpSpec.RsaImportFormat.CrtWithModulus, ard.Attributes[0].ImportFormat);
        Assert.Equal(OpenPgpAlgorithm.Ecdsa, ard.Attributes[2].Algorithm);
        Assert.Equal(new PwStatus(false, 127, 127, 127, 3, 0, 3), ard.PwStatus);
        Assert.Equal("C25969D47D3FC09679DFA2DE9002E27025CFB4F6", Hex.Encode(ard.FingerprintOf(OpenPgpKeyRef.Signature)));
        Assert.Equal([1796332342u, 1796332343u, 1796332346u], ard.GenerationTimes);
        // SmartPGP has no key information DO: the fingerprints tell.
        Assert.All(OpenPgpKeyRefs.All, k => Assert.True(ard.KeyPresent(k)));
    }

    [Fact]
    public void ApplicationRelatedData_WithoutOuterTags_AndWithKeyInformation()
    {
        // The objects with neither 6E nor 73 around them, C2 twice (the first counts), and DE saying key 2 is absent.
        var content = Concat(
            Do(0x4F, "D276000124010304FF53010203040000"), Do(0x5F52, "0031C573C001E0059000"), Do(0x7F66, "0202100002021000"),
            Do(0xC0, "7C000400080000FF0001"), Do(0xC1, "010800001100"), Do(0xC2, "132A8648CE3D030107"), Do(0xC2, "122A8648CE3D030107"),
            Do(0xC3, "162B06010401DA470F01"), Do(0xC4, "007F7F7F030003"), Do(0xC5, new string('0', 120)), Do(0xDE, "010102000302"));
        var ard = ApplicationRelatedData.Parse(content);
        Assert.Equal(0xFF53, ard.Aid.Manufacturer);
        Assert.Equal("unmanaged S/N range", ard.Aid.ManufacturerName);
        Assert.True(ard.Historical.ExtendedLength);
        Assert.True(ard.ExtendedCapabilities.ManageSecurityEnvironment);
        Assert.Equal(0x1000, ard.MaxCommandLength);
        Assert.Equal(OpenPgpAlgorithm.Ecdsa, ard.AttributesOf(OpenPgpKeyRef.Decryption).Algorithm);
        Assert.Equal(OpenPgpAlgorithm.EdDsa, ard.AttributesOf(OpenPgpKeyRef.Authentication).Algorithm);
        Assert.Equal([0u, 0u, 0u], ard.GenerationTimes);
        Assert.True(ard.KeyPresent(OpenPgpKeyRef.Signature));
        Assert.False(ard.KeyPresent(OpenPgpKeyRef.Decryption));
        Assert.True(ard.KeyPresent(OpenPgpKeyRef.Authentication));
    }

    private static byte[] Do(int tag, string hex)
    {
        var value = Hex.Decode(hex);
        var list = new List<byte>();
        Tlv.BerTlv.Write(list, tag, value);
        return list.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    [Theory]
    [InlineData("", "lack DO 4F")]
    [InlineData("6E03 4F01 00", "AID of 1 bytes")]
    [InlineData("6E12 4F10 D276000124010304AFAF000000000000", "lack DO C1")]
    [InlineData("6E05 4F10 D276", "declares 5 bytes")]
    [InlineData("6E82", "length truncated")]
    [InlineData("4F10D276000124010304AFAF000000000000 C10101 C20101 C30101 C40400000000", "PW status bytes (C4) of 4 bytes")]
    [InlineData("4F10D276000124010304AFAF000000000000 C10101 C20101 C30101 C40700000000000000 C503010203", "DO C5 has 3 bytes")]
    public void ApplicationRelatedData_Malformed_IsAClearError(string hex, string reason)
    {
        var e = Assert.Throws<CardException>(() => ApplicationRelatedData.Parse(Hex.Decode(hex.Replace(" ", "", StringComparison.Ordinal))));
        Assert.Equal(CardError.UnexpectedResponse, e.Error);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("010800001100", "rsa2048", OpenPgpAlgorithm.Rsa)]
    [InlineData("0108000020", "rsa2048", OpenPgpAlgorithm.Rsa)]
    [InlineData("011000001103", "rsa4096", OpenPgpAlgorithm.Rsa)]
    [InlineData("132B81040022", "nistp384", OpenPgpAlgorithm.Ecdsa)]
    [InlineData("132B81040023FF", "nistp521", OpenPgpAlgorithm.Ecdsa)]
    [InlineData("122B060104019755010501", "cv25519", OpenPgpAlgorithm.Ecdh)]
    [InlineData("162B06010401DA470F01", "ed25519", OpenPgpAlgorithm.EdDsa)]
    [InlineData("132B2403030208010107", "brainpoolP256r1", OpenPgpAlgorithm.Ecdsa)]
    [InlineData("162B6571", "unknown (162B6571)", OpenPgpAlgorithm.Unknown)]
    [InlineData("122B06010401DA470F01", "unknown (122B06010401DA470F01)", OpenPgpAlgorithm.Unknown)]
    [InlineData("132B060104019755010501", "unknown (132B060104019755010501)", OpenPgpAlgorithm.Unknown)]
    [InlineData("1301020304", "unknown (1301020304)", OpenPgpAlgorithm.Unknown)]
    [InlineData("0108", "unknown (0108)", OpenPgpAlgorithm.Unknown)]
    [InlineData("01000100110000", "unknown (01000100110000)", OpenPgpAlgorithm.Unknown)]
    [InlineData("16", "unknown (16)", OpenPgpAlgorithm.Unknown)]
    [InlineData("", "unknown ()", OpenPgpAlgorithm.Unknown)]
    [InlineData("FF00", "unknown (FF00)", OpenPgpAlgorithm.Unknown)]
    public void AlgorithmAttributes_KnownAndUnknown(string hex, string name, OpenPgpAlgorithm algorithm)
    {
        var a = AlgorithmAttributes.Parse(Hex.Decode(hex));
        Assert.Equal(name, a.ToString());
        Assert.Equal(algorithm, a.Algorithm);
        Assert.Equal(hex, Hex.Encode(a.Raw));
    }

    [Theory]
    [InlineData("rsa3072", OpenPgpKeyRef.Signature, "010C00001100")]
    [InlineData("RSA4096", OpenPgpKeyRef.Decryption, "011000001100")]
    [InlineData("nistp256", OpenPgpKeyRef.Signature, "132A8648CE3D030107")]
    [InlineData("P-384", OpenPgpKeyRef.Decryption, "122B81040022")]
    [InlineData("prime256v1", OpenPgpKeyRef.Authentication, "132A8648CE3D030107")]
    [InlineData("ed25519", OpenPgpKeyRef.Authentication, "162B06010401DA470F01")]
    [InlineData("cv25519", OpenPgpKeyRef.Decryption, "122B060104019755010501")]
    [InlineData("x25519", OpenPgpKeyRef.Decryption, "122B060104019755010501")]
    public void AlgorithmAttributes_FromToolNames(string name, OpenPgpKeyRef key, string hex) =>
        Assert.Equal(hex, Hex.Encode(AlgorithmAttributes.FromName(name, key)!.Raw));

    [Theory]
    [InlineData("ed25519", OpenPgpKeyRef.Decryption)]
    [InlineData("x25519", OpenPgpKeyRef.Signature)]
    [InlineData("rsa100", OpenPgpKeyRef.Signature)]
    [InlineData("ed448", OpenPgpKeyRef.Signature)]
    [InlineData("dsa2048", OpenPgpKeyRef.Signature)]
    public void AlgorithmAttributes_NamesThatDoNotFitTheKey(string name, OpenPgpKeyRef key) =>
        Assert.Null(AlgorithmAttributes.FromName(name, key));

    [Fact]
    public void Fingerprint_IsWhatGnuPgWroteAfterGenerating()
    {
        var rsa = OpenPgpPublicKey.Parse(RsaTemplate(Modulus, "010001"), AlgorithmAttributes.Rsa(2048), OpenPgpKeyRef.Signature);
        Assert.Equal("C25969D47D3FC09679DFA2DE9002E27025CFB4F6", Hex.Encode(OpenPgpFingerprint.Compute(rsa, 1796332342)));
        Assert.Equal("04062840752F6B9C3F5284A72DAD8AF3922EAB03", Hex.Encode(OpenPgpFingerprint.Compute(rsa, 1796332343)));
    }

    [Theory]
    [InlineData("7F4906 8101FF 820103", "a 8-bit modulus")]
    [InlineData("7F49 03 820103", "tag 81 missing")]
    [InlineData("7F49 09 8104 FFFFFFFF 820103", "a 32-bit modulus")]
    [InlineData("RSA-2048 e=010000", "public exponent 010000")]
    [InlineData("RSA-2048 e=0100000001", "public exponent 0100000001")]
    [InlineData("RSA-3072 e=010001", "a 2048-bit modulus")]
    [InlineData("7F49 04 8602 0401", "a point of 2 bytes")]
    [InlineData("7F49 02 8600", "a point of 0 bytes")]
    [InlineData("7F49 43 8641 05" + AuthenticationPointTail, "a point of 65 bytes")]
    public void PublicKey_ThatDoesNotFitItsAttributes_IsRefusedWithTheReason(string hex, string reason)
    {
        byte[] answer;
        var attributes = AlgorithmAttributes.Rsa(2048);
        if (hex.StartsWith("RSA", StringComparison.Ordinal))
        {
            answer = RsaTemplate(Modulus, hex[(hex.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            if (hex.StartsWith("RSA-3072", StringComparison.Ordinal)) attributes = AlgorithmAttributes.Rsa(3072);
        }
        else
        {
            answer = Hex.Decode(hex.Replace(" ", "", StringComparison.Ordinal));
            if (hex.Contains(" 86", StringComparison.Ordinal)) attributes = AlgorithmAttributes.Parse(Hex.Decode("132A8648CE3D030107"));
        }
        var e = Assert.Throws<CardException>(() => OpenPgpPublicKey.Parse(answer, attributes, OpenPgpKeyRef.Signature));
        Assert.Equal(CardError.UnexpectedResponse, e.Error);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PublicKey_OfTheGenuineCard_FitsItsAttributes()
    {
        var rsa = OpenPgpPublicKey.Parse(RsaTemplate(Modulus, "010001"), AlgorithmAttributes.Parse(Hex.Decode("010800001103")), OpenPgpKeyRef.Decryption);
        Assert.Equal(256, rsa.Modulus!.Length);
        Assert.Equal("010001", Hex.Encode(rsa.Exponent!));
        var ed = OpenPgpPublicKey.Parse(Hex.Decode("7F4922 8620" + new string('1', 64)), AlgorithmAttributes.Parse(Hex.Decode("162B06010401DA470F01")), OpenPgpKeyRef.Signature);
        Assert.Equal(32, ed.Point!.Length);
    }

    [Fact]
    public void Parsers_TakeAnyBytes_AndOnlyEverSayCardException()
    {
        var attributes = new[] { AlgorithmAttributes.Rsa(2048), AlgorithmAttributes.Parse(Hex.Decode("132A8648CE3D030107")), AlgorithmAttributes.Parse(Hex.Decode("122B060104019755010501")) };
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            Attempt(() => ApplicationRelatedData.Parse(bytes));
            Attempt(() => CardholderData.Parse(bytes));
            Attempt(() => PwStatus.Parse(bytes));
            Attempt(() => AlgorithmAttributes.Parse(bytes));
            Attempt(() => CardCapabilityBytes.Parse(bytes));
            Attempt(() => ExtendedCapabilities.Parse(bytes, 0x0304));
            foreach (var a in attributes) Attempt(() => OpenPgpPublicKey.Parse(bytes, a, OpenPgpKeyRef.Signature));
        }, iter: 3000);
        // Structured noise: valid outer templates around random content.
        Gen.Byte.Array[0, 120].Sample(inner =>
        {
            byte[] ard = [0x6E, (byte)inner.Length, .. inner];
            byte[] template = [0x7F, 0x49, (byte)inner.Length, .. inner];
            Attempt(() => ApplicationRelatedData.Parse(ard));
            Attempt(() => OpenPgpPublicKey.Parse(template, attributes[0], OpenPgpKeyRef.Signature));
        }, iter: 2000);
    }

    private const string AuthenticationPointTail =
        "2B495A9B4142DC317624626AD108D4896C12A97AF1A1372E9A7B0F29ADCAEB49DEE377C97FBB17B61480E857F5CE72408488E2763619159D032D3BE091266DD6";

    private static void Attempt(Action parse)
    {
        try
        {
            parse();
        }
        catch (CardException)
        {
        }
    }

    private static byte[] RsaTemplate(string modulus, string exponent)
    {
        var n = Hex.Decode(modulus);
        var e = Hex.Decode(exponent);
        byte[] inner = [0x81, 0x82, (byte)(n.Length >> 8), (byte)n.Length, .. n, 0x82, (byte)e.Length, .. e];
        return [0x7F, 0x49, 0x82, (byte)(inner.Length >> 8), (byte)inner.Length, .. inner];
    }
}
