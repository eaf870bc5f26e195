namespace SharpSC.Pkcs15.Tests;

public class DumpTests
{
    private static readonly IsoAppletFixture Fixture = IsoAppletFixture.Instance;

    private static string[] OurDumpLines()
    {
        var app = Pkcs15Loader.Load(Fixture.Read);
        return Pkcs15Dump.Format(app, Fixture.Read).Replace("\t", "    ", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
    }

    [Fact]
    public void DumpMatchesOpenScDumpLineByLine()
    {
        var expected = Fixture.OpenScDump.ToArray();
        var actual = OurDumpLines();
        for (var i = 0; i < Math.Min(expected.Length, actual.Length); i++)
            Assert.True(expected[i] == actual[i], $"line {i + 1}: expected '{expected[i]}', got '{actual[i]}'");
        Assert.Equal(expected.Length, actual.Length);
    }
}

public class DumpOfOtherObjectsTests
{
    [Fact]
    public void DumpShowsDataObjectsDirectKeysAccessRulesAndAlgorithms()
    {
        var app = Pkcs15Loader.Load(IsoAppletFixture.Instance.Read);
        var data = new Objects.DataObject
        {
            Common = new Objects.CommonObjectAttributes { Label = "cfg" },
            ApplicationName = "app",
            ApplicationOid = "1.3.6.1.4.1.99",
            Value = Objects.ObjectValue.FromDirect(new ByteString(Enumerable.Range(0, 50).Select(i => (byte)i).ToArray()), constructed: false),
        };
        var key = new Objects.PublicKeyObject
        {
            Common = new Objects.CommonObjectAttributes
            {
                Label = "direct",
                AccessControlRules = [new Objects.AccessControlRule { Modes = Objects.AccessModes.Read | Objects.AccessModes.Update, Condition = Objects.SecurityCondition.ForAuthId(Pkcs15Id.FromByte(0xFF)) }],
            },
            Algorithm = Objects.KeyAlgorithm.Ec,
            Key = new Objects.CommonKeyAttributes { Id = Pkcs15Id.FromByte(9), Usage = Objects.KeyUsageFlags.Verify },
            Value = Objects.ObjectValue.FromDirect(ByteString.FromHex("0441")),
        };
        app = app
            .WithDirectory(new Pkcs15DirectoryFile { Kind = DirectoryKind.DataObjects, Path = Pkcs15Path.Parse("3F0050154405"), Objects = [data] })
            .WithDirectory(new Pkcs15DirectoryFile { Kind = DirectoryKind.TrustedPublicKeys, Path = Pkcs15Path.Parse("3F0050154406"), Objects = [key] });
        app = app with
        {
            TokenInfo = app.TokenInfo with
            {
                PreferredLanguage = "en",
                SupportedAlgorithms =
                [
                    new Files.AlgorithmInfo
                    {
                        Reference = 1, Mechanism = 0x1041, Parameters = Asn1.RawElement.Parse(Convert.FromHexString("06082A8648CE3D030107")),
                        Operations = Files.AlgorithmOperations.ComputeSignature, AlgorithmReference = 0x21,
                    },
                ],
            },
        };

        var dump = Pkcs15Dump.Format(app);

        Assert.Contains("\tLanguage       : en\n\tFlags          : EID compliant\n\t\t sc_supported_algo_info[0]:\n"
            + "\t\t\t reference  : 1 (0x01)\n\t\t\t mechanism  : [0x1041] CKM_ECDSA                    \n\t\t\t parameters:  1.2.840.10045.3.1.7\n"
            + "\t\t\t operations : [0x02], compute_signature\n\t\t\t algo_ref   : [0x21]\n\n\n", dump, StringComparison.Ordinal);
        Assert.Contains("Public EC Key [direct]\n\tObject Flags   : [0x00]\n\tUsage          : [0x40], verify\n\tAccess Flags   : [0x00]\n"
            + "\tAccess Rules   : read,update:ff;\n\tKey ref        : -1 (0xFFFFFFFF)\n\tNative         : yes\n\tID             : 09\n"
            + "\tDirectValue    : <present>\n\n", dump, StringComparison.Ordinal);
        var hex = Convert.ToHexString(Enumerable.Range(0, 50).Select(i => (byte)i).ToArray());
        Assert.EndsWith("Data object 'cfg'\n\tapplicationName: app\n\tapplicationOID:  1.3.6.1.4.1.99\n\tPath:            \n"
            + "\tData (50 bytes): " + hex[..96] + "\n" + new string(' ', 18) + hex[96..] + "\n\n", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("Encoded serial", dump, StringComparison.Ordinal);
    }
}
