using System.Security.Cryptography;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Pkcs15.Objects;
using SharpSC.Pkcs15.Personalisation;
using SharpSC.VirtualCard;

namespace SharpSC.Pkcs15.Tests.Personalisation;

public class KeyGenerationTests
{
    private static readonly IsoAppletFixture OpenSc = IsoAppletFixture.Instance;

    [Theory]
    [InlineData(AppletVersion.V0)]
    [InlineData(AppletVersion.V1)]
    public void An_rsa_key_gets_the_entries_opensc_writes_and_signs_for_its_public_key(AppletVersion version)
    {
        var token = new EmulatedToken(version);
        var p = token.Initialised();
        var result = p.GenerateKeyPair(new KeyGenerationRequest
        {
            Spec = KeySpec.Rsa(2048), Id = Pkcs15Id.Parse("01"), Label = "rsa2048",
            Usage = KeyUsages.Parse("sign,decrypt"), AuthId = Pkcs15Id.FromByte(0xFF),
        });

        // OpenSC's entries for the same request (v0-opensc-personalise.apdu, before the certificate relabelled the key).
        Assert.Equal("303230100C0772736132303438030206C00401FF300E04010103020274030203B8020100A10E300C300604043F00501502020800",
            Content(token, "3F0050154402"));
        Assert.Equal(Hex(OpenSc["3F0050154403"].AsSpan(0, 50)), Content(token, "3F0050154403"));
        Assert.Equal(0, result.PrivateKey.Key.KeyReference);

        var publicFile = token.File("3F0050153300");
        Assert.Equal(270, publicFile.Length);
        using var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(publicFile, out _);
        byte[] digestInfo = [.. Convert.FromHexString("3031300D060960864801650304020105000420"), .. SHA256.HashData("data"u8)];
        var driver = token.LoggedIn().Driver;
        var signature = driver.Sign(new CardKey(0, 2048), SignatureAlgorithm.RsaPkcs1, digestInfo);
        Assert.True(rsa.VerifyData("data"u8, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(publicFile, PublicKeyEncoding.FileContent(result.PublicKeyInfo));
        Assert.Equal(InitializeTokenTests.Normalised(result.Card.Application!), InitializeTokenTests.Normalised(token.Read().Application!));
    }

    [Theory]
    [InlineData(AppletVersion.V0, "prime256v1", 256)]
    [InlineData(AppletVersion.V1, "secp384r1", 384)]
    public void An_ec_key_is_stored_as_subject_public_key_info_and_dumps_with_its_field_length(AppletVersion version, string curve, int bits)
    {
        var token = new EmulatedToken(version);
        var p = token.Initialised();
        var result = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.FindByName(curve)!), Label = "ec" });

        using var ec = ECDsa.Create();
        ec.ImportSubjectPublicKeyInfo(token.File("3F0050153300"), out _);
        Assert.Equal(bits, ec.KeySize);
        var dump = token.Dump();
        Assert.Contains("Private EC Key [ec]", dump, StringComparison.Ordinal);
        Assert.Contains($"FieldLength    : {bits}", dump, StringComparison.Ordinal);
        Assert.Contains("Usage          : [0x0C], sign, signRecover", dump, StringComparison.Ordinal);
        Assert.Contains("Usage          : [0xC0], verify, verifyRecover", dump, StringComparison.Ordinal);
        // Default id: SHA-1 of the point's X coordinate (OpenSC's Mozilla style).
        var x = ((EcPublicKeyInfo)result.PublicKeyInfo).Point.AsSpan(1, bits / 8);
        Assert.Equal(new Pkcs15Id(SHA1.HashData(x)), result.PrivateKey.Key.Id);
    }

    [Fact]
    public void Rsa_4096_is_refused_on_v0_before_the_card_is_touched()
    {
        var v0 = new EmulatedToken(AppletVersion.V0);
        var p0 = v0.Initialised();
        var before = v0.Dump();
        var e = Assert.Throws<PersonalisationException>(() => p0.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Rsa(4096) }));
        Assert.Equal(PersonalisationError.NotSupported, e.Error);
        Assert.Contains("rsa/2048", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, v0.Dump());
    }

    [Fact]
    public void Default_labels_and_ids_follow_opensc_and_mozilla()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        var key = token.Initialised().GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Rsa(2048) });
        Assert.Equal(new Pkcs15Id(SHA1.HashData(((RsaPublicKeyInfo)key.PublicKeyInfo).Modulus)), key.PrivateKey.Key.Id);
        Assert.Equal(key.PrivateKey.Key.Id, key.PublicKey.Key.Id);
        Assert.Equal("Private Key", key.PrivateKey.Label);
        Assert.Equal("Public Key", key.PublicKey.Label);
        Assert.Equal(KeyUsageFlags.Sign | KeyUsageFlags.SignRecover | KeyUsageFlags.Decrypt | KeyUsageFlags.Unwrap, key.PrivateKey.Key.Usage);
    }

    [Fact]
    public void Keys_take_the_next_free_slot_and_file_and_ids_must_be_unique()
    {
        var token = new EmulatedToken(AppletVersion.V1);
        var p = token.Initialised();
        var a = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = Pkcs15Id.Parse("45") });
        var b = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), IdStyle = KeyIdStyle.Native });
        Assert.Equal((0, 1), (a.PrivateKey.Key.KeyReference, b.PrivateKey.Key.KeyReference));
        Assert.Equal(Pkcs15Id.Parse("46"), b.PrivateKey.Key.Id);
        Assert.Equal("3F0050153301", b.PublicKey.Value.Path!.Hex);
        var e = Assert.Throws<PersonalisationException>(() => p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Id = Pkcs15Id.Parse("45") }));
        Assert.Equal(PersonalisationError.IdInUse, e.Error);

        p.DeleteObjects(p.Card.Application!.FindById(Pkcs15Id.Parse("45")).ToList());
        var c = p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1) });
        Assert.Equal(0, c.PrivateKey.Key.KeyReference);
        Assert.Equal("3F0050153300", c.PublicKey.Value.Path!.Hex);
    }

    [Fact]
    public void A_full_directory_and_a_full_slot_table_are_refused_without_changing_the_card()
    {
        var token = new EmulatedToken(AppletVersion.V1);
        var p = token.Initialised();
        PersonalisationException? full = null;
        for (var i = 0; i < 16 && full is null; i++)
        {
            try
            {
                p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1), Label = $"key number {i}" });
            }
            catch (PersonalisationException failure)
            {
                full = failure;
            }
        }
        Assert.Equal(PersonalisationError.DirectoryFull, full!.Error);
        Assert.Contains("PrKDF", full.Message, StringComparison.Ordinal);

        var app = p.Card.Application!;
        var prkdf = app.GetDirectory(DirectoryKind.PrivateKeys)!;
        var sixteen = Enumerable.Range(0, 16).Select(i => prkdf.Objects[0] is PrivateKeyObject k
            ? (Pkcs15Object)(k with { Key = k.Key with { KeyReference = i, Id = Pkcs15Id.FromByte((byte)i) } })
            : throw new InvalidOperationException());
        var crowded = new Pkcs15Personaliser(p.Card.WithApplication(app.WithDirectory(prkdf with { Objects = ValueList.From(sixteen) })));
        var before = token.Dump();
        var e = Assert.Throws<PersonalisationException>(() => crowded.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Ec(EcCurves.Secp256r1) }));
        Assert.Equal(PersonalisationError.NoFreeKeySlot, e.Error);
        Assert.Contains("card is full", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, token.Dump());
    }

    [Fact]
    public void Keys_added_to_a_card_opensc_initialised_create_the_directory_files_opensc_creates_lazily()
    {
        var token = new EmulatedToken(AppletVersion.V0);
        OpenScTranscript.Replay(token.Card, "pkcs15-init -C");
        Assert.Equal(["AODF"], token.Read().Application!.Directories.Select(d => d.Kind.ShortName()));
        Assert.Equal("A80A300804063F0050154401", Content(token, "3F0050155031"));

        var p = token.LoggedIn();
        p.GenerateKeyPair(new KeyGenerationRequest { Spec = KeySpec.Rsa(2048), Id = Pkcs15Id.Parse("01"), Label = "ours" });
        var app = token.Read().Application!;
        Assert.Equal(["AODF", "PrKDF", "PuKDF"], app.Directories.Select(d => d.Kind.ShortName()).Order());
        Assert.Equal("ours", app.FindPrivateKey(Pkcs15Id.Parse("01"))!.Label);
        Assert.Equal(512, token.Fci("3F0050154402").Size);
        Assert.Equal("A80A300804063F0050154401A10A300804063F0050154403A00A300804063F0050154402", Content(token, "3F0050155031"));
    }

    internal static string Content(EmulatedToken token, string path)
    {
        var bytes = token.File(path);
        return Hex(bytes.AsSpan(0, Cards.Files.ContentLength.BerTlvObjects(bytes) ?? bytes.Length));
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
