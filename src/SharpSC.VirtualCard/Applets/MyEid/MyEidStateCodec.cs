using SharpSC.VirtualCard.State;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// The MyEID applet's persistent state in the vcard's record format (tag, 4-byte length, value): format
/// version, life cycle, serial number, change counter, memory size, the PIN objects and the file tree with
/// file contents and key components. Unknown records and inconsistent values are refused (InvalidDataException).
/// </summary>
internal static class MyEidStateCodec
{
    public const byte FormatVersion = 1;

    private static class Tag
    {
        public const byte Version = 0x01, LifeCycle = 0x02, Serial = 0x03, Counter = 0x04, Capacity = 0x05;
        public const byte Pin = 0x10, MasterFile = 0x20;
        public const byte PinReference = 0x01, PinValue = 0x02, PukValue = 0x03, PinLeft = 0x04, PinMax = 0x05,
            PukLeft = 0x06, PukMax = 0x07, Flags = 0x08, MinPin = 0x09, MinPuk = 0x0A;
        public const byte Fid = 0x01, Descriptor = 0x02, Size = 0x03, SizeIn81 = 0x04, Acl = 0x05, Prop = 0x06,
            Name = 0x07, Data = 0x08, KeyPart = 0x09, Child = 0x0A;
        public const byte PartTag = 0x01, PartValue = 0x02;
    }

    public static byte[] Encode(MyEidCardState s)
    {
        var w = new StateTlvWriter();
        w.Byte(Tag.Version, FormatVersion);
        w.Byte(Tag.LifeCycle, s.LifeCycle);
        w.Bytes(Tag.Serial, s.Serial);
        w.UInt16(Tag.Counter, s.ChangeCounter);
        w.Int32(Tag.Capacity, s.Capacity);
        for (var i = 0; i < s.Pins.Length; i++)
        {
            if (s.Pins[i] is not { } pin) continue;
            var reference = (byte)(i + 1);
            w.Nested(Tag.Pin, p =>
            {
                p.Byte(Tag.PinReference, reference);
                p.Bytes(Tag.PinValue, pin.Pin);
                p.Bytes(Tag.PukValue, pin.Puk);
                p.Byte(Tag.PinLeft, (byte)pin.PinTriesLeft);
                p.Byte(Tag.PinMax, (byte)pin.PinTriesMax);
                p.Byte(Tag.PukLeft, (byte)pin.PukTriesLeft);
                p.Byte(Tag.PukMax, (byte)pin.PukTriesMax);
                p.Byte(Tag.Flags, pin.Flags);
                p.Byte(Tag.MinPin, (byte)pin.MinPinLength);
                p.Byte(Tag.MinPuk, (byte)pin.MinPukLength);
            });
        }
        w.Nested(Tag.MasterFile, f => WriteFile(f, s.MasterFile));
        return w.ToArray();
    }

    public static MyEidCardState Decode(byte[] bytes)
    {
        try
        {
            return DecodeRecords(bytes);
        }
        catch (Exception e) when (e is Iso.IsoException or ArgumentException)
        {
            throw new InvalidDataException($"MyEID state: inconsistent value ({e.Message})", e);
        }
    }

    private static MyEidCardState DecodeRecords(byte[] bytes)
    {
        byte? version = null, lifeCycle = null;
        byte[]? serial = null;
        ushort counter = 0;
        var capacity = MyEidCardState.DefaultCapacity;
        var pins = new List<(int Reference, MyEidPin Pin)>();
        MyEidFile? mf = null;
        foreach (var (tag, v) in StateTlvReader.Records(bytes))
        {
            switch (tag)
            {
                case Tag.Version: version = StateTlvReader.Byte(v); break;
                case Tag.LifeCycle: lifeCycle = StateTlvReader.Byte(v); break;
                case Tag.Serial: serial = v.Length == 10 ? v : throw new InvalidDataException("serial number of other than 10 bytes"); break;
                case Tag.Counter: counter = StateTlvReader.UInt16(v); break;
                case Tag.Capacity: capacity = StateTlvReader.Int32(v); break;
                case Tag.Pin: pins.Add(ReadPin(v)); break;
                case Tag.MasterFile: mf = ReadFile(v); break;
                default: throw new InvalidDataException($"unknown MyEID state record {tag:X2}");
            }
        }
        if (version != FormatVersion) throw new InvalidDataException($"MyEID state format {version?.ToString() ?? "missing"} (this build reads {FormatVersion})");
        if (lifeCycle is not (MyEidConstants.LifeCycleCreation or MyEidConstants.LifeCycleOperational)) throw new InvalidDataException("MyEID life cycle missing or invalid");
        if (serial == null || mf == null) throw new InvalidDataException("MyEID state lacks the serial number or the file tree");
        if (mf.Fid != MyEidConstants.MasterFileId || !mf.IsDf) throw new InvalidDataException("MyEID state: the root is not the MF");
        if (capacity is < 1024 or > 16 * 1024 * 1024) throw new InvalidDataException($"MyEID memory size {capacity} out of range");
        var state = new MyEidCardState(serial, capacity) { LifeCycle = lifeCycle.Value, ChangeCounter = counter };
        state.ReplaceMasterFile(mf);
        foreach (var (reference, pin) in pins)
        {
            if (reference is < 1 or > MyEidConstants.PinCount || state.Pins[reference - 1] != null)
                throw new InvalidDataException($"MyEID state: PIN reference {reference} invalid or repeated");
            state.Pins[reference - 1] = pin;
        }
        return state;
    }

    private static void WriteFile(StateTlvWriter w, MyEidFile f)
    {
        w.UInt16(Tag.Fid, f.Fid);
        w.Byte(Tag.Descriptor, f.Descriptor);
        w.Int32(Tag.Size, f.Size);
        w.Byte(Tag.SizeIn81, f.SizeInTag81 ? (byte)1 : (byte)0);
        w.Bytes(Tag.Acl, f.Acl);
        w.UInt16(Tag.Prop, f.Prop);
        if (f.Name != null) w.Bytes(Tag.Name, f.Name);
        if (f.Data != null) w.Bytes(Tag.Data, f.Data);
        if (f.Key != null)
        {
            foreach (var (partTag, value) in f.Key.Components())
                w.Nested(Tag.KeyPart, k =>
                {
                    k.Byte(Tag.PartTag, partTag);
                    k.Bytes(Tag.PartValue, value);
                });
        }
        foreach (var child in f.Children)
            w.Nested(Tag.Child, c => WriteFile(c, child));
    }

    private static MyEidFile ReadFile(byte[] bytes)
    {
        ushort? fid = null;
        byte? descriptor = null;
        int? size = null;
        var in81 = false;
        byte[]? acl = null, name = null, data = null;
        ushort prop = 0;
        var parts = new List<(byte, byte[])>();
        var children = new List<MyEidFile>();
        foreach (var (tag, v) in StateTlvReader.Records(bytes))
        {
            switch (tag)
            {
                case Tag.Fid: fid = StateTlvReader.UInt16(v); break;
                case Tag.Descriptor: descriptor = StateTlvReader.Byte(v); break;
                case Tag.Size: size = StateTlvReader.Int32(v); break;
                case Tag.SizeIn81: in81 = StateTlvReader.Byte(v) != 0; break;
                case Tag.Acl: acl = v.Length == 3 ? v : throw new InvalidDataException("ACL of other than 3 bytes"); break;
                case Tag.Prop: prop = StateTlvReader.UInt16(v); break;
                case Tag.Name: name = v.Length is >= 1 and <= 16 ? v : throw new InvalidDataException("DF name of bad length"); break;
                case Tag.Data: data = v; break;
                case Tag.KeyPart: parts.Add(ReadPart(v)); break;
                case Tag.Child: children.Add(ReadFile(v)); break;
                default: throw new InvalidDataException($"unknown MyEID file record {tag:X2}");
            }
        }
        if (fid == null || descriptor == null || size is not (>= 0 and <= MyEidConstants.MaxFileSize) || acl == null)
            throw new InvalidDataException("MyEID file record incomplete");
        if (!MyEidFileTypes.IsAllowed(descriptor.Value)) throw new InvalidDataException($"MyEID file type {descriptor:X2}");
        var file = new MyEidFile(fid.Value, descriptor.Value, size.Value, in81, acl, prop, name);
        if (file.IsTransparent)
        {
            if (data == null || data.Length != file.Size) throw new InvalidDataException($"EF {fid:X4}: contents do not match its size");
            data.CopyTo(file.Data!, 0);
        }
        else if (data != null) throw new InvalidDataException($"file {fid:X4} is not transparent but has contents");
        if (parts.Count > 0)
        {
            if (!file.IsKeyFile) throw new InvalidDataException($"file {fid:X4} holds key parts but is no key file");
            var key = MyEidKey.ForFile(file);
            foreach (var (partTag, value) in parts) key.SetComponent(partTag, value);
            file.Key = key;
        }
        if (children.Count > 0 && !file.IsDf) throw new InvalidDataException($"EF {fid:X4} has children");
        foreach (var child in children)
        {
            if (file.Child(child.Fid) != null) throw new InvalidDataException($"FID {child.Fid:X4} twice in DF {fid:X4}");
            file.Add(child);
        }
        return file;
    }

    private static (int, MyEidPin) ReadPin(byte[] bytes)
    {
        var r = StateTlvReader.Records(bytes).ToDictionary(x => x.Tag, x => x.Value);
        byte B(byte tag) => r.TryGetValue(tag, out var v) ? StateTlvReader.Byte(v) : throw new InvalidDataException($"PIN record lacks {tag:X2}");
        byte[] V(byte tag) => r.TryGetValue(tag, out var v) && v.Length == MyEidConstants.PinLength ? v : throw new InvalidDataException($"PIN record {tag:X2} missing or not 8 bytes");
        var pin = new MyEidPin(V(Tag.PinValue), V(Tag.PukValue), B(Tag.PinMax), B(Tag.PukMax), B(Tag.Flags), B(Tag.MinPin), B(Tag.MinPuk))
        {
            PinTriesLeft = B(Tag.PinLeft),
            PukTriesLeft = B(Tag.PukLeft),
        };
        if (pin.PinTriesLeft > pin.PinTriesMax || pin.PukTriesLeft > pin.PukTriesMax || pin.MinPinLength is < 1 or > 8)
            throw new InvalidDataException("PIN record counters out of range");
        return (B(Tag.PinReference), pin);
    }

    private static (byte, byte[]) ReadPart(byte[] bytes)
    {
        var r = StateTlvReader.Records(bytes).ToDictionary(x => x.Tag, x => x.Value);
        if (!r.TryGetValue(Tag.PartTag, out var t) || !r.TryGetValue(Tag.PartValue, out var v))
            throw new InvalidDataException("key part record incomplete");
        return (StateTlvReader.Byte(t), v);
    }
}
