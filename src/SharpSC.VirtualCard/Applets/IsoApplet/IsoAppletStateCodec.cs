using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.FileSystem;
using SharpSC.VirtualCard.Runtime;
using SharpSC.VirtualCard.State;

namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>
/// The IsoApplet's saved state (what <see cref="IsoApplet.SaveState"/> returns): an encoding version byte
/// (1), then records tag (1 byte) | length (4 bytes, BE) | value: applet version, life cycle, memory size,
/// PIN and PUK (value, tries left), the file tree and the key slots (PKCS#8 DER). The records are those of
/// the version 1 state file's payload, so a version 1 file becomes this encoding by prefixing the byte.
/// Unknown records are refused rather than skipped.
/// </summary>
internal static class IsoAppletStateCodec
{
    public const byte EncodingVersion = 1;

    private static class Tag
    {
        public const byte AppletVersion = 0x01, LifeCycle = 0x02, MemoryCapacity = 0x03;
        public const byte Pin = 0x10, Puk = 0x11, PinValue = 0x01, PinTries = 0x02;
        public const byte MasterFile = 0x20;
        public const byte FileId = 0x01, FileKind = 0x02, FileFci = 0x03, FileData = 0x04;
        public const byte RecordStructure = 0x05, MaxRecords = 0x06, RecordSize = 0x07, Child = 0x08;
        public const byte Key = 0x30, KeySlot = 0x01, KeyPkcs8 = 0x02;
    }

    private const byte KindDf = 1, KindTransparent = 2, KindRecord = 3;

    public static byte[] Encode(AppletState s)
    {
        var w = new StateTlvWriter();
        w.Byte(Tag.AppletVersion, (byte)s.Profile.Version);
        w.Byte(Tag.LifeCycle, (byte)s.LifeCycle);
        w.Int32(Tag.MemoryCapacity, s.Budget.Capacity);
        w.Nested(Tag.Pin, p => WritePin(p, s.Pin));
        if (s.Puk != null) w.Nested(Tag.Puk, p => WritePin(p, s.Puk));
        w.Nested(Tag.MasterFile, f => WriteFile(f, s.Fs.MasterFile));
        for (var slot = 0; slot < s.Keys.Length; slot++)
        {
            if (s.Keys[slot] is not { } key) continue;
            var index = (byte)slot;
            w.Nested(Tag.Key, k =>
            {
                k.Byte(Tag.KeySlot, index);
                k.Bytes(Tag.KeyPkcs8, key.ToPkcs8());
            });
        }
        return [EncodingVersion, .. w.ToArray()];
    }

    /// <summary>Restores a saved state; any inconsistency is an <see cref="InvalidDataException"/> (or another format exception).</summary>
    public static AppletState Decode(ReadOnlySpan<byte> state, ChangeTracker changes)
    {
        if (state.IsEmpty || state[0] != EncodingVersion)
            throw new InvalidDataException(state.IsEmpty ? "empty IsoApplet state" : $"IsoApplet state encoding {state[0]} is not supported (this sharpsc-vcard reads {EncodingVersion})");
        return DecodeRecords(state[1..], changes);
    }

    /// <summary>The applet version a saved state (or a version 1 file's payload: <paramref name="records"/>) holds, without restoring it.</summary>
    public static AppletVersion VersionOf(ReadOnlySpan<byte> records)
    {
        foreach (var (tag, value) in StateTlvReader.Records(records))
            if (tag == Tag.AppletVersion) return ToVersion(StateTlvReader.Byte(value));
        throw new InvalidDataException("applet version record missing");
    }

    private static AppletVersion ToVersion(byte v) =>
        Enum.IsDefined(typeof(AppletVersion), (int)v) ? (AppletVersion)v : throw new InvalidDataException($"unknown applet version {v}");

    private static AppletState DecodeRecords(ReadOnlySpan<byte> payload, ChangeTracker changes)
    {
        AppletVersion? appletVersion = null;
        LifeCycle lifeCycle = LifeCycle.Creation;
        var capacity = MemoryBudget.DefaultCapacity;
        OwnerPinSnapshot? pin = null, puk = null;
        DedicatedFile? mf = null;
        var keys = new Dictionary<int, CardKey>();
        foreach (var (tag, value) in StateTlvReader.Records(payload))
        {
            switch (tag)
            {
                case Tag.AppletVersion:
                    appletVersion = ToVersion(StateTlvReader.Byte(value));
                    break;
                case Tag.LifeCycle:
                    var l = StateTlvReader.Byte(value);
                    lifeCycle = Enum.IsDefined(typeof(LifeCycle), l) ? (LifeCycle)l : throw new InvalidDataException($"unknown life cycle state {l:X2}");
                    break;
                case Tag.MemoryCapacity:
                    capacity = StateTlvReader.Int32(value);
                    break;
                case Tag.Pin:
                    pin = ReadPin(value);
                    break;
                case Tag.Puk:
                    puk = ReadPin(value);
                    break;
                case Tag.MasterFile:
                    mf = ReadFile(value) as DedicatedFile ?? throw new InvalidDataException("the MF is not a DF");
                    break;
                case Tag.Key:
                    var (slot, key) = ReadKey(value);
                    if (!keys.TryAdd(slot, key)) throw new InvalidDataException($"key slot {slot} appears twice");
                    break;
                default:
                    throw new InvalidDataException($"unknown record {tag:X2}");
            }
        }
        if (appletVersion == null || pin == null || mf == null) throw new InvalidDataException("applet version, PIN or MF record missing");
        var budget = new MemoryBudget(capacity);
        var state = new AppletState(AppletProfile.For(appletVersion.Value), changes, budget, new IsoFileSystem(budget, mf));
        state.Restore(lifeCycle, pin.Value, puk, keys);
        return state;
    }

    private static void WritePin(StateTlvWriter w, OwnerPin pin)
    {
        if (pin.ExportValue() is { } value) w.Bytes(Tag.PinValue, value);
        w.Byte(Tag.PinTries, (byte)pin.TriesRemaining);
    }

    private static OwnerPinSnapshot ReadPin(byte[] value)
    {
        byte[]? pinValue = null;
        int? tries = null;
        foreach (var (tag, v) in StateTlvReader.Records(value))
        {
            if (tag == Tag.PinValue) pinValue = v;
            else if (tag == Tag.PinTries) tries = StateTlvReader.Byte(v);
            else throw new InvalidDataException($"unknown PIN record {tag:X2}");
        }
        return new OwnerPinSnapshot(pinValue, tries ?? throw new InvalidDataException("PIN try counter missing"));
    }

    private static void WriteFile(StateTlvWriter w, CardFile file)
    {
        w.UInt16(Tag.FileId, file.Fid);
        w.Bytes(Tag.FileFci, file.Fci);
        switch (file)
        {
            case DedicatedFile df:
                w.Byte(Tag.FileKind, KindDf);
                foreach (var child in df.Children) w.Nested(Tag.Child, c => WriteFile(c, child));
                break;
            case TransparentFile tf:
                w.Byte(Tag.FileKind, KindTransparent);
                w.Bytes(Tag.FileData, tf.Data);
                break;
            case RecordFile rf:
                w.Byte(Tag.FileKind, KindRecord);
                w.Byte(Tag.RecordStructure, (byte)rf.Structure);
                w.Int32(Tag.MaxRecords, rf.MaxRecords);
                w.Int32(Tag.RecordSize, rf.RecordSize);
                break;
        }
    }

    private static CardFile ReadFile(byte[] value)
    {
        ushort? fid = null;
        byte? kind = null, structure = null;
        byte[]? fci = null, data = null;
        int maxRecords = 0, recordSize = 0;
        var children = new List<CardFile>();
        foreach (var (tag, v) in StateTlvReader.Records(value))
        {
            switch (tag)
            {
                case Tag.FileId: fid = StateTlvReader.UInt16(v); break;
                case Tag.FileKind: kind = StateTlvReader.Byte(v); break;
                case Tag.FileFci: fci = v; break;
                case Tag.FileData: data = v; break;
                case Tag.RecordStructure: structure = StateTlvReader.Byte(v); break;
                case Tag.MaxRecords: maxRecords = StateTlvReader.Int32(v); break;
                case Tag.RecordSize: recordSize = StateTlvReader.Int32(v); break;
                case Tag.Child: children.Add(ReadFile(v)); break;
                default: throw new InvalidDataException($"unknown file record {tag:X2}");
            }
        }
        if (fid == null || fci == null || fci.Length < 2) throw new InvalidDataException("file without FID or FCI");
        switch (kind)
        {
            case KindDf:
                var df = new DedicatedFile(fid.Value, fci);
                foreach (var child in children)
                    if (!df.TryAddChild(child)) throw new InvalidDataException($"DF {fid:X4} has too many children");
                return df;
            case KindTransparent when children.Count == 0:
                return new TransparentFile(fid.Value, fci, data ?? throw new InvalidDataException($"EF {fid:X4} without data"));
            case KindRecord when children.Count == 0 && structure is >= 1 and <= 3:
                return new RecordFile(fid.Value, fci, (RecordStructure)structure.Value, maxRecords, recordSize);
            default:
                throw new InvalidDataException($"file {fid:X4} has an invalid kind");
        }
    }

    private static (int Slot, CardKey Key) ReadKey(byte[] value)
    {
        int? slot = null;
        byte[]? der = null;
        foreach (var (tag, v) in StateTlvReader.Records(value))
        {
            if (tag == Tag.KeySlot) slot = StateTlvReader.Byte(v);
            else if (tag == Tag.KeyPkcs8) der = v;
            else throw new InvalidDataException($"unknown key record {tag:X2}");
        }
        if (slot is not (>= 0 and < AppletState.KeySlots) || der == null) throw new InvalidDataException("key record without a valid slot or key");
        return (slot.Value, CardKey.FromPkcs8(der));
    }
}
