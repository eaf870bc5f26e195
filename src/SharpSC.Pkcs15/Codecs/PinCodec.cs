using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>AODF PIN entries (PKCS#15 v1.1 §6.8): CommonAuthenticationObjectAttributes and PinAttributes.</summary>
internal static class PinCodec
{
    private static readonly Asn1Tag ReferenceTag = Asn1Tag.Context(0);

    public static PinObject Read(DerReader reader)
    {
        var parts = ObjectEnvelope.Read(reader, Asn1Tag.Sequence, "pin");
        var auth = parts.ClassAttributes;
        Pkcs15Id? authId = auth.IsNext(Asn1Tag.OctetString) ? new Pkcs15Id(auth.ReadOctetString(field: "authId")) : null;
        var authExtensions = auth.ReadRemaining();
        var pin = ObjectEnvelope.ReadWrappedSequence(parts.TypeAttributes, "pinAttributes");
        return new PinObject
        {
            Common = parts.Common,
            AuthId = authId,
            AuthExtensions = authExtensions,
            SubClassAttributes = parts.SubClassRaw,
            Attributes = ReadAttributes(pin),
            Extensions = parts.Extensions,
        };
    }

    public static void Write(DerWriter writer, PinObject pin) =>
        ObjectEnvelope.Write(writer, Asn1Tag.Sequence, pin,
            c =>
            {
                if (pin.AuthId is { } authId)
                    c.WriteOctetString(authId.Value.Span);
                c.WriteRaw(pin.AuthExtensions);
            },
            null,
            pin.SubClassAttributes,
            t => t.WriteSequence(s => WriteAttributes(s, pin.Attributes)));

    private static PinAttributes ReadAttributes(DerReader seq) => new()
    {
        Flags = (PinFlags)seq.ReadNamedBits(field: "pinFlags"),
        Type = (PinType)seq.ReadEnumerated(field: "pinType"),
        MinLength = seq.ReadInt32(field: "minLength"),
        StoredLength = seq.ReadInt32(field: "storedLength"),
        MaxLength = seq.IsNext(Asn1Tag.Integer) ? seq.ReadInt32(field: "maxLength") : null,
        Reference = seq.IsNext(ReferenceTag) ? seq.ReadInt32(ReferenceTag, "pinReference") : null,
        PadChar = seq.IsNext(Asn1Tag.OctetString) ? ReadPadChar(seq) : null,
        LastPinChange = seq.IsNext(Asn1Tag.GeneralizedTime) ? seq.ReadGeneralizedTime(field: "lastPinChange") : null,
        Path = seq.IsNext(Asn1Tag.Sequence) ? PathCodec.Read(seq) : null,
        Extensions = seq.ReadRemaining(),
    };

    private static byte ReadPadChar(DerReader seq)
    {
        var at = seq.Offset;
        var pad = seq.ReadOctetString(field: "padChar");
        return pad.Length == 1 ? pad[0] : throw seq.ErrorAt(at, $"padChar must be 1 byte, is {pad.Length}");
    }

    private static void WriteAttributes(DerWriter w, PinAttributes pin)
    {
        w.WriteNamedBits((uint)pin.Flags);
        w.WriteEnumerated((int)pin.Type);
        w.WriteInteger(pin.MinLength);
        w.WriteInteger(pin.StoredLength);
        if (pin.MaxLength is { } max)
            w.WriteInteger(max);
        if (pin.Reference is { } reference)
            w.WriteInteger(reference, ReferenceTag);
        if (pin.PadChar is { } pad)
            w.WriteOctetString([pad]);
        if (pin.LastPinChange is { } change)
            w.WriteGeneralizedTime(change);
        if (pin.Path is { } path)
            PathCodec.Write(w, path);
        w.WriteRaw(pin.Extensions);
    }
}
