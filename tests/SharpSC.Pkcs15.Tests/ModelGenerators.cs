using CsCheck;
using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Tests;

/// <summary>CsCheck generators for the PKCS#15 model (without raw extension elements, which round-trip by construction).</summary>
internal static class ModelGenerators
{
    public static readonly Gen<string> Text = Gen.Int[0x20, 0x24F].Select(i => (char)i).Array[0, 12].Select(c => new string(c));

    public static readonly Gen<Pkcs15Id> Id = Gen.Byte.Array[1, 20].Select(b => new Pkcs15Id(b));

    public static readonly Gen<ByteString> Bytes = Gen.Byte.Array[0, 40].Select(b => new ByteString(b));

    public static readonly Gen<string> Oid = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 39], Gen.Long[0, long.MaxValue].Array[0, 5],
        (a, b, rest) => string.Join('.', new[] { (long)a, b }.Concat(rest)));

    public static readonly Gen<string> Time = Gen.Select(Gen.Int[1950, 2099], Gen.Int[1, 12], Gen.Int[1, 28], Gen.Int[0, 86399],
        (y, m, d, s) => $"{y:D4}{m:D2}{d:D2}{s / 3600:D2}{s / 60 % 60:D2}{s % 60:D2}Z");

    public static readonly Gen<Pkcs15Path> Path = Gen.Select(Gen.Byte.Array[0, 10], Gen.Bool, Gen.Int[0, 70000], Gen.Int[0, 70000], Gen.Byte.Array[5, 16].Null(0.8),
        (value, windowed, index, length, aid) => new Pkcs15Path(value)
        {
            Index = windowed ? index : null,
            Length = windowed ? length : null,
            Aid = aid is null ? default(ByteString?) : new ByteString(aid),
        });

    public static readonly Gen<ObjectValue> Value = Gen.Frequency(
        (4, Path.Select(ObjectValue.FromPath)),
        (1, Gen.Select(Bytes, Gen.Bool, (b, constructed) => ObjectValue.FromDirect(b, constructed))));

    public static readonly Gen<SecurityCondition> Condition = Gen.Frequency(
        (1, Gen.Const(SecurityCondition.Always)),
        (2, Id.Select(SecurityCondition.ForAuthId)));

    public static readonly Gen<AccessControlRule> Rule = Gen.Select(Gen.Int[0, 0x7FF].Select(i => (AccessModes)i).Nullable(0.1), Condition.Null(0.1),
        (modes, condition) => new AccessControlRule { Modes = modes, Condition = condition });

    public static readonly Gen<CommonObjectAttributes> Common = Gen.Select(Text.Null(0.2), Gen.Int[0, 3].Select(i => (ObjectFlags)i).Nullable(0.2),
        Id.Nullable(0.5), Gen.Int[1, 100].Nullable(0.8), Rule.Array[1, 3].Select(r => ValueList.Create<AccessControlRule>(r)).Null(0.7),
        (label, flags, authId, consent, rules) => new CommonObjectAttributes
        {
            Label = label, Flags = flags, AuthId = authId, UserConsent = consent, AccessControlRules = rules,
        });

    public static readonly Gen<CommonKeyAttributes> Key = Gen.Select(Id, Gen.Int[0, 0x3FF].Select(i => (KeyUsageFlags)i), Gen.Bool.Nullable(0.6),
        Gen.Int[0, 0x1F].Select(i => (KeyAccessFlags)i).Nullable(0.3), Gen.Int[-1, 255].Nullable(0.3), Time.Null(0.8), Time.Null(0.8),
        Gen.Int[0, 300].Array[1, 4].Select(a => ValueList.Create<int>(a)).Null(0.8),
        (id, usage, native, access, reference, start, end, algRefs) => new CommonKeyAttributes
        {
            Id = id, Usage = usage, Native = native, AccessFlags = access, KeyReference = reference,
            StartDate = start, EndDate = end, AlgorithmReferences = algRefs,
        });

    private static readonly Gen<CredentialIdentifier> Credential = Gen.Select(Gen.Int[1, 9], Gen.Byte.Array[0, 20],
        (type, value) => new CredentialIdentifier { IdType = type, Value = Asn1.RawElement.Parse([0x04, (byte)value.Length, .. value]) });

    private static readonly Gen<CommonPrivateKeyAttributes> PrivateSub = Gen.Select(Credential.Array[1, 2].Null(0.5), Gen.Bool,
        (ids, withSubject) => new CommonPrivateKeyAttributes
        {
            SubjectName = withSubject ? Asn1.RawElement.Parse(Convert.FromHexString("300F310D300B06035504030C0474657374")) : null,
            KeyIdentifiers = ids is null ? null : ValueList.Create<CredentialIdentifier>(ids),
        });

    public static readonly Gen<PrivateKeyObject> PrivateKey = Gen.Select(Common, Gen.Enum<KeyAlgorithm>(), Key, PrivateSub.Null(0.5), Value,
        Gen.Int[512, 8192], Gen.Int[160, 521].Nullable(0.3), Gen.Int[0, 9].Nullable(0.8),
        (common, algorithm, key, sub, value, modulus, field, keyInfo) => new PrivateKeyObject
        {
            Common = common, Algorithm = algorithm, Key = key, PrivateKey = sub, Value = value,
            ModulusLength = algorithm == KeyAlgorithm.Rsa ? modulus : null,
            FieldLength = algorithm == KeyAlgorithm.Ec ? field : null,
            // An EC keyInfo reference without fieldLength would read back as fieldLength (OpenSC's layout), so none is generated.
            KeyInfo = keyInfo is { } k && (algorithm == KeyAlgorithm.Rsa || field is not null) ? Asn1.RawElement.Parse([0x02, 0x01, (byte)k]) : null,
        });

    public static readonly Gen<PublicKeyObject> PublicKey = Gen.Select(Common, Gen.Enum<KeyAlgorithm>(), Key, Value, Gen.Int[512, 8192],
        (common, algorithm, key, value, modulus) => new PublicKeyObject
        {
            Common = common, Algorithm = algorithm, Key = key, Value = value,
            ModulusLength = algorithm == KeyAlgorithm.Rsa ? modulus : null,
        });

    public static readonly Gen<CertificateObject> Certificate = Gen.Select(Common, Id, Gen.Bool.Nullable(0.5), Credential.Null(0.7), Value,
        (common, id, authority, identifier, value) => new CertificateObject
        {
            Common = common, Id = id, Authority = authority, Identifier = identifier, Value = value,
        });

    public static readonly Gen<DataObject> Data = Gen.Select(Common, Text.Null(0.3), Oid.Null(0.5), Value,
        (common, name, oid, value) => new DataObject { Common = common, ApplicationName = name, ApplicationOid = oid, Value = value });

    public static readonly Gen<PinAttributes> PinAttributes = Gen.Select(Gen.Int[0, 0xFFF].Select(i => (PinFlags)i), Gen.Int[0, 4].Select(i => (PinType)i),
        Gen.Int[0, 16], Gen.Int[0, 64], Gen.Int[4, 64].Nullable(0.3), Gen.Int[0, 255].Nullable(0.2), Gen.Byte.Nullable(0.3),
        Time.Null(0.8), Path.Null(0.7),
        (flags, type, min, stored, max, reference, pad, change, path) => new PinAttributes
        {
            Flags = flags, Type = type, MinLength = min, StoredLength = stored, MaxLength = max,
            Reference = reference, PadChar = pad, LastPinChange = change, Path = path,
        });

    public static readonly Gen<PinObject> Pin = Gen.Select(Common, Id.Nullable(0.1), PinAttributes,
        (common, authId, attributes) => new PinObject { Common = common, AuthId = authId, Attributes = attributes });

    public static readonly Gen<AlgorithmInfo> Algorithm = Gen.Select(Gen.Int[1, 20], Gen.Long[0, 0xFFFFFFFFL], Oid.Null(0.5),
        Gen.Int[0, 0xFF].Select(i => (AlgorithmOperations)i), Oid.Null(0.7), Gen.Int[0, 255].Nullable(0.5),
        (reference, mechanism, curve, operations, algId, algRef) => new AlgorithmInfo
        {
            Reference = reference, Mechanism = mechanism, Operations = operations, AlgorithmId = algId, AlgorithmReference = algRef,
            Parameters = curve is null ? Asn1.RawElement.Parse([0x05, 0x00]) : Encode(w => w.WriteObjectIdentifier(curve)),
        });

    public static readonly Gen<TokenInfo> TokenInfo = Gen.Select(Gen.Int[0, 1], Bytes.Nullable(0.2), Text.Null(0.3), Text.Null(0.2),
        Gen.Int[0, 15].Select(i => (TokenFlags)i).Nullable(0.2), Algorithm.Array[1, 3].Null(0.6),
        Text.Null(0.8), Text.Null(0.8), Gen.Frequency((3, Time.Select(LastUpdate.FromTime)), (1, Path.Select(LastUpdate.FromPath))).Null(0.4),
        Gen.OneOf("en", "de", "fr").Null(0.7),
        (version, serial, manufacturer, label, flags, algorithms, issuer, holder, lastUpdate, language) => new TokenInfo
        {
            Version = version, SerialNumber = serial, ManufacturerId = manufacturer, Label = label, Flags = flags,
            SupportedAlgorithms = algorithms is null ? null : ValueList.Create<AlgorithmInfo>(algorithms),
            IssuerId = issuer, HolderId = holder, LastUpdate = lastUpdate, PreferredLanguage = language,
        });

    private static Asn1.RawElement Encode(Action<Asn1.DerWriter> write)
    {
        var writer = new Asn1.DerWriter();
        write(writer);
        return Asn1.RawElement.Parse(writer.ToArray());
    }
}
