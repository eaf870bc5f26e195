using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Files;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>
/// TokenInfo ::= SEQUENCE { version, serialNumber, manufacturerID, label [0], tokenflags, seInfo,
/// recordInfo [1], supportedAlgorithms [2], issuerId [3], holderId [4], lastUpdate [5],
/// preferredLanguage, profileIndication [6], ... } (PKCS#15 v1.1 §6.11; ISO/IEC 7816-15 §8.10).
/// </summary>
internal static class TokenInfoCodec
{
    private static readonly Asn1Tag LabelTag = Asn1Tag.Context(0);
    private static readonly Asn1Tag RecordInfoTag = Asn1Tag.Context(1, true);
    private static readonly Asn1Tag AlgorithmsTag = Asn1Tag.Context(2, true);
    private static readonly Asn1Tag IssuerIdTag = Asn1Tag.Context(3);
    private static readonly Asn1Tag HolderIdTag = Asn1Tag.Context(4);
    private static readonly Asn1Tag LastUpdateTag = Asn1Tag.Context(5, true);
    private static readonly Asn1Tag ProfileTag = Asn1Tag.Context(6, true);

    public static TokenInfo Read(DerReader reader)
    {
        var s = reader.ReadSequence("TokenInfo");
        var info = new TokenInfo
        {
            Version = s.ReadInt32(field: "version"),
            SerialNumber = OptionalFields.Octets(s, Asn1Tag.OctetString, "serialNumber"),
            // A PrintableString here is the preferredLanguage of a TokenInfo without manufacturerID .. lastUpdate.
            ManufacturerId = s.IsNextString() && !s.IsNext(Asn1Tag.PrintableString) ? s.ReadString("manufacturerID") : null,
            Label = ReadLabel(s),
            Flags = s.IsNext(Asn1Tag.BitString) ? (TokenFlags)s.ReadNamedBits(field: "tokenflags") : null,
            SecurityEnvironments = s.IsNext(Asn1Tag.Sequence) ? ReadSeInfo(s.ReadSequence("seInfo")) : null,
            RecordInfo = s.IsNext(RecordInfoTag) ? s.ReadRawElement() : null,
            SupportedAlgorithms = s.IsNext(AlgorithmsTag) ? ReadAlgorithms(s.ReadConstructed(AlgorithmsTag, "supportedAlgorithms")) : null,
            IssuerId = s.IsNext(IssuerIdTag) ? s.ReadUtf8String(IssuerIdTag, "issuerId") : null,
            HolderId = s.IsNext(HolderIdTag) ? s.ReadUtf8String(HolderIdTag, "holderId") : null,
            LastUpdate = s.IsNext(LastUpdateTag) ? ReadLastUpdate(s.ReadConstructed(LastUpdateTag, "lastUpdate")) : null,
            PreferredLanguage = s.IsNext(Asn1Tag.PrintableString) ? s.ReadString("preferredLanguage") : null,
            ProfileIndication = s.IsNext(ProfileTag) ? s.ReadRawElement() : null,
            Extensions = s.ReadRemaining(),
        };
        reader.SkipPadding();
        reader.ExpectEnd("TokenInfo");
        return info;
    }

    public static void Write(DerWriter writer, TokenInfo info) =>
        writer.WriteSequence(s =>
        {
            s.WriteInteger(info.Version);
            if (info.SerialNumber is { } serial)
                s.WriteOctetString(serial.Span);
            if (info.ManufacturerId is { } manufacturer)
                s.WriteUtf8String(manufacturer);
            if (info.Label is { } label)
                s.WriteUtf8String(label, LabelTag);
            if (info.Flags is { } flags)
                s.WriteNamedBits((uint)flags);
            if (info.SecurityEnvironments is { } environments)
                s.WriteSequence(list => WriteSeInfo(list, environments));
            if (info.RecordInfo is { } recordInfo)
                s.WriteRaw(recordInfo);
            if (info.SupportedAlgorithms is { } algorithms)
                s.WriteConstructed(AlgorithmsTag, list => WriteAlgorithms(list, algorithms));
            if (info.IssuerId is { } issuer)
                s.WriteUtf8String(issuer, IssuerIdTag);
            if (info.HolderId is { } holder)
                s.WriteUtf8String(holder, HolderIdTag);
            if (info.LastUpdate is { } lastUpdate)
                s.WriteConstructed(LastUpdateTag, l => WriteLastUpdate(l, lastUpdate));
            if (info.PreferredLanguage is { } language)
                s.WriteString(language, Asn1Tag.PrintableString);
            if (info.ProfileIndication is { } profile)
                s.WriteRaw(profile);
            s.WriteRaw(info.Extensions);
        });

    // label [0] Label; the Taiwanese ID card wraps it explicitly ([0] { UTF8String }), which OpenSC also accepts.
    private static string? ReadLabel(DerReader s)
    {
        if (s.IsNext(LabelTag))
            return s.ReadUtf8String(LabelTag, "label");
        if (!s.IsNext(LabelTag.AsConstructed()))
            return null;
        var wrapped = s.ReadConstructed(LabelTag, "label");
        var label = wrapped.ReadString("label");
        wrapped.ExpectEnd("label");
        return label;
    }

    private static ValueList<SecurityEnvironmentInfo> ReadSeInfo(DerReader list)
    {
        var items = new List<SecurityEnvironmentInfo>();
        while (list.HasData)
        {
            var e = list.ReadSequence("SecurityEnvironmentInfo");
            items.Add(new SecurityEnvironmentInfo
            {
                Se = e.ReadInt32(field: "se"),
                Owner = e.IsNext(Asn1Tag.ObjectIdentifier) ? e.ReadObjectIdentifier(field: "owner") : null,
                Aid = OptionalFields.Octets(e, Asn1Tag.OctetString, "aid"),
                Extensions = e.ReadRemaining(),
            });
        }
        return ValueList.From(items);
    }

    private static void WriteSeInfo(DerWriter list, IEnumerable<SecurityEnvironmentInfo> environments)
    {
        foreach (var environment in environments)
        {
            list.WriteSequence(e =>
            {
                e.WriteInteger(environment.Se);
                if (environment.Owner is { } owner)
                    e.WriteObjectIdentifier(owner);
                if (environment.Aid is { } aid)
                    e.WriteOctetString(aid.Span);
                e.WriteRaw(environment.Extensions);
            });
        }
    }

    private static ValueList<AlgorithmInfo> ReadAlgorithms(DerReader list)
    {
        var items = new List<AlgorithmInfo>();
        while (list.HasData)
        {
            var a = list.ReadSequence("AlgorithmInfo");
            items.Add(new AlgorithmInfo
            {
                Reference = a.ReadInt32(field: "reference"),
                Mechanism = a.ReadInt64(field: "algorithm"),
                Parameters = a.ReadRawElement(),
                Operations = (AlgorithmOperations)a.ReadNamedBits(field: "supportedOperations"),
                AlgorithmId = a.IsNext(Asn1Tag.ObjectIdentifier) ? a.ReadObjectIdentifier(field: "objId") : null,
                AlgorithmReference = a.IsNext(Asn1Tag.Integer) ? a.ReadInt32(field: "algRef") : null,
                Extensions = a.ReadRemaining(),
            });
        }
        return ValueList.From(items);
    }

    private static void WriteAlgorithms(DerWriter list, IEnumerable<AlgorithmInfo> algorithms)
    {
        foreach (var algorithm in algorithms)
        {
            list.WriteSequence(a =>
            {
                a.WriteInteger(algorithm.Reference);
                a.WriteInteger(algorithm.Mechanism);
                a.WriteRaw(algorithm.Parameters);
                a.WriteNamedBits((uint)algorithm.Operations);
                if (algorithm.AlgorithmId is { } oid)
                    a.WriteObjectIdentifier(oid);
                if (algorithm.AlgorithmReference is { } algRef)
                    a.WriteInteger(algRef);
                a.WriteRaw(algorithm.Extensions);
            });
        }
    }

    private static LastUpdate ReadLastUpdate(DerReader l)
    {
        LastUpdate value;
        if (l.IsNext(Asn1Tag.GeneralizedTime))
            value = LastUpdate.FromTime(l.ReadGeneralizedTime(field: "lastUpdate"));
        else if (l.IsNext(Asn1Tag.Sequence))
            value = LastUpdate.FromPath(PathCodec.Read(l, field: "lastUpdate.referencedTime"));
        else
            value = LastUpdate.FromOther(l.ReadRawElement());
        l.ExpectEnd("lastUpdate");
        return value;
    }

    private static void WriteLastUpdate(DerWriter l, LastUpdate value)
    {
        if (value.Time is { } time)
            l.WriteGeneralizedTime(time);
        else if (value.Path is { } path)
            PathCodec.Write(l, path);
        else if (value.Other is { } other)
            l.WriteRaw(other);
    }
}
