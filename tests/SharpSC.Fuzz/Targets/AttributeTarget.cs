using System.Buffers.Binary;
using System.Reflection;
using SharpSC.Pkcs11.Constants;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Objects.Templates;
using SharpSC.Pkcs11.Tokens;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// The attribute code: the first input byte picks a mode.
/// 0: the rest is a template (2-byte type index or raw type, 1-byte length, value) matched against
///    every kind of object, decoded as CK_BBOOL, CK_ULONG and UTF-8 (C_FindObjectsInit's path), and
///    parsed as C_CreateObject, C_GenerateKeyPair and C_DeriveKey templates (the write path);
/// 1: the rest is a public key file from a card (RSAPublicKey or SubjectPublicKeyInfo): the public and
///    private key objects built from it answer every attribute;
/// 2: the rest is a certificate from a card: the certificate object answers every attribute.
/// Only PKCS#11 errors with a specific code may come out.
/// </summary>
public sealed class AttributeTarget : FuzzTarget
{
    public static readonly ulong[] AttributeTypes = typeof(CKA).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ulong)).Select(f => (ulong)f.GetValue(null)!).Distinct().Order().ToArray();

    private static readonly Lazy<P11Object[]> Samples = new(BuildSamples);

    public override string Name => "attributes";

    protected override void Execute(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var rest = input[1..].ToArray();
        switch (input[0] % 3)
        {
            case 0:
                var template = Template(rest);
                foreach (var o in Samples.Value)
                {
                    o.Matches(template);
                    foreach (var a in template) o.Get(a.Type);
                }
                foreach (var a in template) Decode(a);
                Parse(() => CreateTemplates.Parse(template));
                var half = template.Count / 2;
                foreach (var mechanism in new[] { CKM.CKM_RSA_PKCS_KEY_PAIR_GEN, CKM.CKM_EC_KEY_PAIR_GEN, CKM.CKM_EC_EDWARDS_KEY_PAIR_GEN, CKM.CKM_EC_MONTGOMERY_KEY_PAIR_GEN })
                    Parse(() => KeyPairTemplates.Parse(new Mechanism(mechanism, null), template[..half], template[half..], Capabilities));
                Parse(() => SecretKeyTemplates.ParseDerived(template));
                break;
            case 1:
                var material = KeyMaterialFactory.FromPublicKeyFile(rest);
                AnswerAll(PublicKey("fuzz", [1], material));
                AnswerAll(PrivateKey("fuzz", [1], material, alwaysAuthenticate: false));
                break;
            default:
                var certificate = new CertificateObject("fuzz", [1], isAuthority: false, isPrivate: false, modifiable: false, () => rest);
                AnswerAll(certificate);
                KeyMaterialFactory.FromCertificate(certificate.Parsed);
                break;
        }
    }

    protected override bool IsPromisedFailure(Exception e) => IsSpecError(e);

    public override IEnumerable<byte[]> Seeds()
    {
        var files = Fixtures.IsoAppletFiles.ToDictionary(f => f.Path, f => f.Content);
        yield return [1, .. files["3F0050153300"]];
        yield return [1, .. files["3F0050153301"]];
        yield return [2, .. files["3F0050153400"]];
        // CKA_CLASS = CKO_PRIVATE_KEY, CKA_ID = 01, CKA_SIGN = true, CKA_LABEL = "rsa2048"
        yield return [0, .. Raw(CKA.CKA_CLASS, AttributeCodec.ULong(CKO.CKO_PRIVATE_KEY)), .. Raw(CKA.CKA_ID, [1]),
            .. Raw(CKA.CKA_SIGN, [1]), .. Raw(CKA.CKA_LABEL, "rsa2048"u8.ToArray())];
    }

    private static byte[] Raw(ulong type, byte[] value) => [0x80, (byte)type, (byte)value.Length, .. value];

    /// <summary>Type: a first byte with the top bit set takes the next byte as a raw type; else 2 bytes index the known types.</summary>
    private static List<CkAttribute> Template(byte[] data)
    {
        var template = new List<CkAttribute>();
        for (var i = 0; i + 3 <= data.Length && template.Count < 64;)
        {
            ulong type = (data[i] & 0x80) != 0 ? data[i + 1] | ((ulong)(data[i] & 0x7F) << 8)
                : AttributeTypes[BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(i)) % AttributeTypes.Length];
            int length = data[i + 2];
            i += 3;
            length = Math.Min(length, data.Length - i);
            template.Add(new CkAttribute(type, data.AsSpan(i, length).ToArray()));
            i += length;
        }
        return template;
    }

    private static void Decode(CkAttribute a)
    {
        foreach (var read in new Action<CkAttribute>[] { x => AttributeCodec.ReadBool(x), x => AttributeCodec.ReadULong(x), x => AttributeCodec.ReadUtf8(x) })
        {
            try
            {
                read(a);
            }
            catch (SharpSC.Pkcs11.Pkcs11Exception e) when (e.Code == CKR.CKR_ATTRIBUTE_VALUE_INVALID)
            {
            }
        }
    }

    private static void AnswerAll(P11Object o)
    {
        foreach (var type in AttributeTypes)
        {
            var value = o.Get(type);
            if (value.Status == CKR.CKR_OK && value.Value == null) throw new InvalidOperationException($"attribute 0x{type:X}: CKR_OK without a value");
        }
        _ = o.Size;
    }

    private static P11Object[] BuildSamples()
    {
        var files = Fixtures.IsoAppletFiles.ToDictionary(f => f.Path, f => f.Content);
        var rsa = KeyMaterialFactory.FromPublicKeyFile(Trim(files["3F0050153300"]));
        var ec = KeyMaterialFactory.FromPublicKeyFile(Trim(files["3F0050153301"]));
        var certificate = Trim(files["3F0050153400"]);
        return
        [
            PublicKey("rsa", [1], rsa),
            PrivateKey("rsa", [1], rsa, alwaysAuthenticate: false),
            PrivateKey("ec", [3], ec, alwaysAuthenticate: true),
            new CertificateObject("cert", [1], isAuthority: false, isPrivate: false, modifiable: false, () => certificate),
            new DataObject("data", "app", [0x06, 0x03, 0x2A, 0x03, 0x04], isPrivate: false, modifiable: true, () => [1, 2, 3]),
            PublicKey("ed25519", [4], KeyMaterialFactory.FromCurve25519(KeyKind.EcEdwards, new byte[32])),
            PrivateKey("x25519", [5], KeyMaterialFactory.FromCurve25519(KeyKind.EcMontgomery, new byte[32]), alwaysAuthenticate: false),
            new SecretKeyObject(new SecretKeyAttributes { KeyType = CKK.CKK_AES }, new byte[16], ownerSession: 1),
        ];
    }

    private static readonly DeviceCapabilities Capabilities = new()
    {
        RsaKeySizes = [2048], EcFieldSizes = [256, 384], KeyGeneration = true, KeyImport = true, Rng = true,
    };

    private static PublicKeyObject PublicKey(string label, byte[] id, KeyMaterial m) =>
        new(label, id, false, m.Kind, m.Bits, () => m, KeyUsage.Verify | KeyUsage.Encrypt, local: true);

    private static PrivateKeyObject PrivateKey(string label, byte[] id, KeyMaterial m, bool alwaysAuthenticate) =>
        new(label, id, false, m.Kind, m.Bits, () => m, KeyUsage.Sign | KeyUsage.Decrypt, local: true, alwaysAuthenticate, cardKey: 0);

    /// <summary>The write path's template parsers (C_CreateObject, C_GenerateKeyPair) may refuse with a spec code.</summary>
    private static void Parse(Action parse)
    {
        try
        {
            parse();
        }
        catch (SharpSC.Pkcs11.Pkcs11Exception e) when (e.Code is not (CKR.CKR_GENERAL_ERROR or CKR.CKR_FUNCTION_FAILED))
        {
        }
    }

    /// <summary>One DER object without the file's zero padding.</summary>
    private static byte[] Trim(byte[] file) => new Org.BouncyCastle.Asn1.Asn1InputStream(file).ReadObject().GetEncoded();
}
