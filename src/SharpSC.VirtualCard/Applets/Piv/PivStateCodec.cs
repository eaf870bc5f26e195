using SharpSC.VirtualCard.State;

namespace SharpSC.VirtualCard.Applets.Piv;

/// <summary>
/// The PIV applet's persistent state as <see cref="Runtime.IApplet.SaveState"/> bytes: a format version
/// byte, then tag/length records (the state file's record encoding). Version 1 holds serial, PIN, PUK,
/// management key, keys (PKCS#8 with their policies) and data objects. Unknown records are refused.
/// </summary>
internal static class PivStateCodec
{
    public const byte FormatVersion = 1;

    private static class Tag
    {
        public const byte Serial = 0x01, Pin = 0x02, Puk = 0x03, ManagementKey = 0x04, Key = 0x05, Object = 0x06;
        public const byte Value = 0x01, MaxTries = 0x02, TriesLeft = 0x03;
        public const byte Algorithm = 0x01, Secret = 0x02, Touch = 0x03;
        public const byte Slot = 0x01, PinPolicy = 0x02, TouchPolicy = 0x03, Origin = 0x04, Pkcs8 = 0x05, KeyAlgorithm = 0x06;
        public const byte ObjectTag = 0x01, ObjectValue = 0x02;
    }

    public static byte[] Encode(PivCardState s)
    {
        var w = new StateTlvWriter();
        w.Int32(Tag.Serial, unchecked((int)s.Serial));
        w.Nested(Tag.Pin, p => WritePin(p, s.Pin));
        w.Nested(Tag.Puk, p => WritePin(p, s.Puk));
        w.Nested(Tag.ManagementKey, m =>
        {
            m.Byte(Tag.Algorithm, s.ManagementKey.Algorithm);
            m.Bytes(Tag.Secret, s.ManagementKey.Key);
            m.Byte(Tag.Touch, s.ManagementKey.TouchPolicy);
        });
        foreach (var (slot, key) in s.Keys.OrderBy(k => k.Key))
        {
            w.Nested(Tag.Key, k =>
            {
                k.Byte(Tag.Slot, slot);
                k.Byte(Tag.KeyAlgorithm, key.Algorithm);
                k.Byte(Tag.PinPolicy, key.PinPolicy);
                k.Byte(Tag.TouchPolicy, key.TouchPolicy);
                k.Byte(Tag.Origin, key.Origin);
                k.Bytes(Tag.Pkcs8, key.ToPkcs8());
            });
        }
        foreach (var (tag, value) in s.Objects.OrderBy(o => o.Key))
        {
            w.Nested(Tag.Object, o =>
            {
                o.Int32(Tag.ObjectTag, tag);
                o.Bytes(Tag.ObjectValue, value);
            });
        }
        return [FormatVersion, .. w.ToArray()];
    }

    /// <summary>Decodes saved state; any inconsistency is an <see cref="InvalidDataException"/> with the reason.</summary>
    public static PivCardState Decode(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) throw new InvalidDataException("empty PIV state");
        if (data[0] != FormatVersion)
            throw new InvalidDataException($"PIV state format version {data[0]} is not supported (this build reads version {FormatVersion})");
        uint? serial = null;
        PivPin? pin = null, puk = null;
        PivManagementKey? mgm = null;
        var keys = new Dictionary<byte, PivKey>();
        var objects = new Dictionary<int, byte[]>();
        foreach (var (tag, value) in StateTlvReader.Records(data[1..]))
        {
            switch (tag)
            {
                case Tag.Serial:
                    serial = unchecked((uint)StateTlvReader.Int32(value));
                    break;
                case Tag.Pin:
                    pin = ReadPin(value, PivSpec.DefaultPin);
                    break;
                case Tag.Puk:
                    puk = ReadPin(value, PivSpec.DefaultPuk);
                    break;
                case Tag.ManagementKey:
                    mgm = ReadManagementKey(value);
                    break;
                case Tag.Key:
                    var (slot, key) = ReadKey(value);
                    if (!keys.TryAdd(slot, key)) throw new InvalidDataException($"key slot {slot:X2} appears twice");
                    break;
                case Tag.Object:
                    var (objectTag, content) = ReadObject(value);
                    if (!objects.TryAdd(objectTag, content)) throw new InvalidDataException($"data object {objectTag:X} appears twice");
                    break;
                default:
                    throw new InvalidDataException($"unknown PIV state record {tag:X2}");
            }
        }
        if (serial == null || pin == null || puk == null || mgm == null)
            throw new InvalidDataException("PIV state lacks its serial, PIN, PUK or management key");
        var state = new PivCardState(serial.Value, pin, puk, mgm);
        foreach (var (slot, key) in keys) state.Keys[slot] = key;
        foreach (var (objectTag, content) in objects) state.Objects[objectTag] = content;
        return state;
    }

    private static void WritePin(StateTlvWriter w, PivPin pin)
    {
        w.Bytes(Tag.Value, pin.PaddedValue);
        w.Byte(Tag.MaxTries, (byte)pin.MaxTries);
        w.Byte(Tag.TriesLeft, (byte)pin.TriesLeft);
    }

    private static PivPin ReadPin(byte[] record, byte[] factory)
    {
        byte[]? value = null;
        int? max = null, left = null;
        foreach (var (tag, v) in StateTlvReader.Records(record))
        {
            switch (tag)
            {
                case Tag.Value: value = v; break;
                case Tag.MaxTries: max = StateTlvReader.Byte(v); break;
                case Tag.TriesLeft: left = StateTlvReader.Byte(v); break;
                default: throw new InvalidDataException($"unknown PIN record {tag:X2}");
            }
        }
        if (value is not { Length: PivSpec.PinBlockLength } || max is null or 0 || left == null || left > max)
            throw new InvalidDataException("PIN record incomplete or inconsistent");
        return new PivPin(value, max.Value, left.Value, factory);
    }

    private static PivManagementKey ReadManagementKey(byte[] record)
    {
        byte? alg = null, touch = null;
        byte[]? secret = null;
        foreach (var (tag, v) in StateTlvReader.Records(record))
        {
            switch (tag)
            {
                case Tag.Algorithm: alg = StateTlvReader.Byte(v); break;
                case Tag.Secret: secret = v; break;
                case Tag.Touch: touch = StateTlvReader.Byte(v); break;
                default: throw new InvalidDataException($"unknown management key record {tag:X2}");
            }
        }
        if (alg == null || secret == null || touch == null || PivSpec.ManagementKeyLength(alg.Value) != secret.Length)
            throw new InvalidDataException("management key record incomplete or inconsistent");
        return new PivManagementKey(alg.Value, secret, touch.Value);
    }

    private static (byte Slot, PivKey Key) ReadKey(byte[] record)
    {
        byte? slot = null, alg = null, pinPolicy = null, touch = null, origin = null;
        byte[]? pkcs8 = null;
        foreach (var (tag, v) in StateTlvReader.Records(record))
        {
            switch (tag)
            {
                case Tag.Slot: slot = StateTlvReader.Byte(v); break;
                case Tag.KeyAlgorithm: alg = StateTlvReader.Byte(v); break;
                case Tag.PinPolicy: pinPolicy = StateTlvReader.Byte(v); break;
                case Tag.TouchPolicy: touch = StateTlvReader.Byte(v); break;
                case Tag.Origin: origin = StateTlvReader.Byte(v); break;
                case Tag.Pkcs8: pkcs8 = v; break;
                default: throw new InvalidDataException($"unknown key record {tag:X2}");
            }
        }
        if (slot == null || alg == null || pinPolicy == null || touch == null || origin == null || pkcs8 == null || !PivSpec.IsKeySlot(slot.Value))
            throw new InvalidDataException("key record incomplete or for an unknown slot");
        return (slot.Value, PivKey.FromPkcs8(alg.Value, pinPolicy.Value, touch.Value, origin.Value, pkcs8));
    }

    private static (int Tag, byte[] Value) ReadObject(byte[] record)
    {
        int? objectTag = null;
        byte[]? content = null;
        foreach (var (tag, v) in StateTlvReader.Records(record))
        {
            switch (tag)
            {
                case Tag.ObjectTag: objectTag = StateTlvReader.Int32(v); break;
                case Tag.ObjectValue: content = v; break;
                default: throw new InvalidDataException($"unknown data object record {tag:X2}");
            }
        }
        if (objectTag == null || content == null || !PivSpec.IsWritableObject(objectTag.Value))
            throw new InvalidDataException("data object record incomplete or for an unknown object");
        return (objectTag.Value, content);
    }
}
