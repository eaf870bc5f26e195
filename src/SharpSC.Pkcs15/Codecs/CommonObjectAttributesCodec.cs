using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Codecs;

/// <summary>CommonObjectAttributes and AccessControlRule (PKCS#15 v1.1 §6.2.1).</summary>
internal static class CommonObjectAttributesCodec
{
    public static CommonObjectAttributes Read(DerReader seq) => new()
    {
        Label = seq.IsNextString() ? seq.ReadString("label") : null,
        Flags = seq.IsNext(Asn1Tag.BitString) ? (ObjectFlags)seq.ReadNamedBits(field: "flags") : null,
        AuthId = seq.IsNext(Asn1Tag.OctetString) ? new Pkcs15Id(seq.ReadOctetString(field: "authId")) : null,
        UserConsent = seq.IsNext(Asn1Tag.Integer) ? seq.ReadInt32(field: "userConsent") : null,
        AccessControlRules = seq.IsNext(Asn1Tag.Sequence) ? ReadRules(seq.ReadSequence("accessControlRules")) : null,
        Extensions = seq.ReadRemaining(),
    };

    public static void Write(DerWriter w, CommonObjectAttributes attributes)
    {
        if (attributes.Label is { } label)
            w.WriteUtf8String(label);
        if (attributes.Flags is { } flags)
            w.WriteNamedBits((uint)flags);
        if (attributes.AuthId is { } authId)
            w.WriteOctetString(authId.Value.Span);
        if (attributes.UserConsent is { } consent)
            w.WriteInteger(consent);
        if (attributes.AccessControlRules is { } rules)
            w.WriteSequence(list =>
            {
                foreach (var rule in rules)
                    list.WriteSequence(r => WriteRule(r, rule));
            });
        w.WriteRaw(attributes.Extensions);
    }

    private static ValueList<AccessControlRule> ReadRules(DerReader list)
    {
        var rules = new List<AccessControlRule>();
        while (list.HasData)
        {
            var rule = list.ReadSequence("accessControlRule");
            rules.Add(new AccessControlRule
            {
                Modes = rule.IsNext(Asn1Tag.BitString) ? (AccessModes)rule.ReadNamedBits(field: "accessMode") : null,
                Condition = rule.HasData ? ReadCondition(rule) : null,
                Extensions = rule.ReadRemaining(),
            });
        }
        return ValueList.From(rules);
    }

    private static SecurityCondition ReadCondition(DerReader rule)
    {
        if (rule.IsNext(Asn1Tag.Null))
        {
            rule.ReadNull(field: "securityCondition");
            return SecurityCondition.Always;
        }
        if (rule.IsNext(Asn1Tag.OctetString))
            return SecurityCondition.ForAuthId(new Pkcs15Id(rule.ReadOctetString(field: "securityCondition")));
        return SecurityCondition.FromOther(rule.ReadRawElement());
    }

    private static void WriteRule(DerWriter w, AccessControlRule rule)
    {
        if (rule.Modes is { } modes)
            w.WriteNamedBits((uint)modes);
        if (rule.Condition is { } condition)
        {
            if (condition.IsAlways)
                w.WriteNull();
            else if (condition.AuthId is { } authId)
                w.WriteOctetString(authId.Value.Span);
            else if (condition.Other is { } other)
                w.WriteRaw(other);
        }
        w.WriteRaw(rule.Extensions);
    }
}
