using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SharpSC.VirtualCard.Applet;
using SharpSC.VirtualCard.Crypto;
using SharpSC.VirtualCard.FileSystem;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.State;

/// <summary>
/// The state file format (version 1): "SSCVCARD", format version (2 bytes), payload length (4 bytes),
/// payload records, SHA-256 of everything before it. Only the persistent card state is stored: applet
/// version, life cycle, memory size, PIN and PUK (value, tries left), the file tree and the key slots
/// (PKCS#8 DER). Unknown records are refused rather than skipped.
/// </summary>
internal static class CardStateCodec
{
    public const ushort FormatVersion = 1;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SSCVCARD");
    private const int HeaderLength = 14;
    private const int ChecksumLength = 32;

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
        var payload = w.ToArray();
        var file = new byte[HeaderLength + payload.Length + ChecksumLength];
        Magic.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(10), (uint)payload.Length);
        payload.CopyTo(file, HeaderLength);
        SHA256.HashData(file.AsSpan(0, HeaderLength + payload.Length), file.AsSpan(HeaderLength + payload.Length));
        return file;
    }

    /// <summary>Decodes a state file; throws <see cref="CardStateException"/> with the reason when it cannot be used.</summary>
    public static AppletState Decode(byte[] file, ChangeTracker changes)
    {
        if (file.Length < HeaderLength + ChecksumLength || !file.AsSpan(0, 8).SequenceEqual(Magic))
            throw new CardStateException("not a sharpsc-vcard state file (bad magic or too short)");
        var version = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(8));
        if (version != FormatVersion)
            throw new CardStateException($"state file format version {version} is not supported (this sharpsc-vcard reads version {FormatVersion})");
        var payloadLength = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(10));
        if (payloadLength != (uint)(file.Length - HeaderLength - ChecksumLength))
            throw new CardStateException("state file is truncated or has trailing bytes (length mismatch)");
        var expected = SHA256.HashData(file.AsSpan(0, HeaderLength + (int)payloadLength));
        if (!expected.AsSpan().SequenceEqual(file.AsSpan(HeaderLength + (int)payloadLength)))
            throw new CardStateException("state file is corrupt (checksum mismatch)");
        try
        {
            return DecodePayload(file.AsSpan(HeaderLength, (int)payloadLength), changes);
        }
        catch (Exception e) when (e is not CardStateException)
        {
            throw new CardStateException("state file content is invalid: " + e.Message, e);
        }
    }

    private static AppletState DecodePayload(ReadOnlySpan<byte> payload, ChangeTracker changes)
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
                    var v = StateTlvReader.Byte(value);
                    appletVersion = Enum.IsDefined(typeof(AppletVersion), (int)v) ? (AppletVersion)v : throw new InvalidDataException($"unknown applet version {v}");
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
