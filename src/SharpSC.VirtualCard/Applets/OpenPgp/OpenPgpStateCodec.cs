using SharpSC.VirtualCard.State;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>
/// The applet's own state encoding (what <see cref="OpenPgpApplet.SaveState"/> returns): a version byte, then
/// records of <see cref="StateTlvWriter"/>. Version 1. Unknown records or versions are refused, not skipped.
/// </summary>
internal static class OpenPgpStateCodec
{
    public const byte Version = 1;

    private static class Tag
    {
        public const byte Identity = 0x01, Pw1 = 0x02, Pw3 = 0x03, ResettingCode = 0x04, SeveralSignatures = 0x05;
        public const byte SignatureCounter = 0x06, Terminated = 0x07;
        public const byte Key = 0x10, Name = 0x20, Language = 0x21, Salutation = 0x22, Url = 0x23, LoginData = 0x24;
        public const byte PrivateDo = 0x30, Certificate = 0x40;
        public const byte PasswordValue = 0x01, PasswordTries = 0x02;
        public const byte KeySlot = 0x01, KeyAttributes = 0x02, KeyPkcs8 = 0x03, KeyFingerprint = 0x04, KeyCaFingerprint = 0x05;
        public const byte KeyTime = 0x06, KeyOrigin = 0x07, Index = 0x01, Value = 0x02;
    }

    public static byte[] Encode(OpenPgpState s)
    {
        var w = new StateTlvWriter();
        w.Nested(Tag.Identity, i =>
        {
            i.UInt16(0x01, s.Manufacturer);
            i.Int32(0x02, unchecked((int)s.Serial));
        });
        WritePassword(w, Tag.Pw1, s.Pw1);
        WritePassword(w, Tag.Pw3, s.Pw3);
        WritePassword(w, Tag.ResettingCode, s.ResettingCode);
        w.Byte(Tag.SeveralSignatures, s.Pw1ValidForSeveralSignatures ? (byte)1 : (byte)0);
        w.Int32(Tag.SignatureCounter, s.SignatureCounter);
        w.Byte(Tag.Terminated, s.Terminated ? (byte)1 : (byte)0);
        foreach (var slot in KeySlots.All)
        {
            var k = s[slot];
            w.Nested(Tag.Key, r =>
            {
                r.Byte(Tag.KeySlot, (byte)slot);
                r.Bytes(Tag.KeyAttributes, k.Attributes.Raw);
                if (k.Key != null) r.Bytes(Tag.KeyPkcs8, k.Key.ToPkcs8());
                r.Bytes(Tag.KeyFingerprint, k.Fingerprint);
                r.Bytes(Tag.KeyCaFingerprint, k.CaFingerprint);
                r.Bytes(Tag.KeyTime, k.GenerationTime);
                r.Byte(Tag.KeyOrigin, (byte)k.Origin);
            });
        }
        w.Bytes(Tag.Name, s.Name);
        w.Bytes(Tag.Language, s.Language);
        w.Bytes(Tag.Salutation, s.Salutation);
        w.Bytes(Tag.Url, s.Url);
        w.Bytes(Tag.LoginData, s.LoginData);
        WriteIndexed(w, Tag.PrivateDo, s.PrivateDos);
        WriteIndexed(w, Tag.Certificate, s.Certificates);
        return [Version, .. w.ToArray()];
    }

    /// <exception cref="InvalidDataException">Unknown version, unknown or inconsistent records.</exception>
    public static OpenPgpState Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0 || data[0] != Version)
            throw new InvalidDataException($"OpenPGP applet state version {(data.Length == 0 ? "(empty)" : data[0].ToString())} is not {Version}");
        var records = StateTlvReader.Records(data[1..]);
        var identity = records.FirstOrDefault(r => r.Tag == Tag.Identity).Value ?? throw new InvalidDataException("no identity record");
        ushort manufacturer = 0;
        uint serial = 0;
        foreach (var (tag, value) in StateTlvReader.Records(identity))
        {
            if (tag == 0x01) manufacturer = StateTlvReader.UInt16(value);
            else if (tag == 0x02) serial = unchecked((uint)StateTlvReader.Int32(value));
            else throw new InvalidDataException($"unknown identity record {tag:X2}");
        }
        var s = new OpenPgpState(manufacturer, serial);
        foreach (var (tag, value) in records)
        {
            switch (tag)
            {
                case Tag.Identity: break;
                case Tag.Pw1: s.Pw1 = ReadPassword(value); break;
                case Tag.Pw3: s.Pw3 = ReadPassword(value); break;
                case Tag.ResettingCode: s.ResettingCode = ReadPassword(value); break;
                case Tag.SeveralSignatures: s.Pw1ValidForSeveralSignatures = StateTlvReader.Byte(value) != 0; break;
                case Tag.SignatureCounter: s.SignatureCounter = StateTlvReader.Int32(value); break;
                case Tag.Terminated: s.Terminated = StateTlvReader.Byte(value) != 0; break;
                case Tag.Key: ReadKey(s, value); break;
                case Tag.Name: s.Name = value; break;
                case Tag.Language: s.Language = value; break;
                case Tag.Salutation: s.Salutation = value; break;
                case Tag.Url: s.Url = value; break;
                case Tag.LoginData: s.LoginData = value; break;
                case Tag.PrivateDo: ReadIndexed(value, s.PrivateDos); break;
                case Tag.Certificate: ReadIndexed(value, s.Certificates); break;
                default: throw new InvalidDataException($"unknown OpenPGP state record {tag:X2}");
            }
        }
        return s;
    }

    private static void WritePassword(StateTlvWriter w, byte tag, Password p) => w.Nested(tag, r =>
    {
        r.Bytes(Tag.PasswordValue, p.Value);
        r.Byte(Tag.PasswordTries, (byte)p.Tries);
    });

    private static Password ReadPassword(byte[] data)
    {
        byte[]? value = null;
        int? tries = null;
        foreach (var (tag, v) in StateTlvReader.Records(data))
        {
            if (tag == Tag.PasswordValue) value = v;
            else if (tag == Tag.PasswordTries) tries = StateTlvReader.Byte(v);
            else throw new InvalidDataException($"unknown password record {tag:X2}");
        }
        if (value == null || tries is not { } t || t > Password.MaxTries || (value.Length == 0 && t != 0))
            throw new InvalidDataException("inconsistent password record");
        return new Password(value, t);
    }

    private static void ReadKey(OpenPgpState s, byte[] data)
    {
        var fields = StateTlvReader.Records(data).ToDictionary(r => r.Tag, r => r.Value);
        if (fields.Keys.Any(t => t is < Tag.KeySlot or > Tag.KeyOrigin)) throw new InvalidDataException("unknown key record");
        var slotByte = StateTlvReader.Byte(fields.GetValueOrDefault(Tag.KeySlot) ?? throw new InvalidDataException("key record without slot"));
        if (slotByte > 2) throw new InvalidDataException($"key slot {slotByte}");
        var slot = (KeySlot)slotByte;
        var k = s[slot];
        try
        {
            k.Attributes = AlgorithmAttributes.Parse(fields.GetValueOrDefault(Tag.KeyAttributes) ?? throw new InvalidDataException("key without attributes"), slot);
        }
        catch (Iso.IsoException)
        {
            throw new InvalidDataException($"key {slot}: attributes this card does not take");
        }
        if (fields.TryGetValue(Tag.KeyPkcs8, out var pkcs8)) k.Key = PgpKeyPair.FromPkcs8(pkcs8, k.Attributes);
        k.Fingerprint = Fixed(fields, Tag.KeyFingerprint, 20);
        k.CaFingerprint = Fixed(fields, Tag.KeyCaFingerprint, 20);
        k.GenerationTime = Fixed(fields, Tag.KeyTime, 4);
        var origin = StateTlvReader.Byte(fields.GetValueOrDefault(Tag.KeyOrigin) ?? [0]);
        if (origin > 2 || (origin != 0) != (k.Key != null)) throw new InvalidDataException($"key {slot}: origin {origin} does not match the key");
        k.Origin = (KeyOrigin)origin;
    }

    private static byte[] Fixed(Dictionary<byte, byte[]> fields, byte tag, int length)
    {
        var v = fields.GetValueOrDefault(tag) ?? new byte[length];
        return v.Length == length ? v : throw new InvalidDataException($"record {tag:X2} of {v.Length} bytes, not {length}");
    }

    private static void WriteIndexed(StateTlvWriter w, byte tag, byte[][] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var index = (byte)i;
            var value = values[i];
            w.Nested(tag, r =>
            {
                r.Byte(Tag.Index, index);
                r.Bytes(Tag.Value, value);
            });
        }
    }

    private static void ReadIndexed(byte[] data, byte[][] target)
    {
        int? index = null;
        byte[]? value = null;
        foreach (var (tag, v) in StateTlvReader.Records(data))
        {
            if (tag == Tag.Index) index = StateTlvReader.Byte(v);
            else if (tag == Tag.Value) value = v;
            else throw new InvalidDataException($"unknown indexed record {tag:X2}");
        }
        if (index is not { } i || i >= target.Length || value == null) throw new InvalidDataException("inconsistent indexed record");
        target[i] = value;
    }
}
