using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Files;
using SharpSC.Cards.Tlv;

namespace SharpSC.Cards.Drivers;

// ISO 7816-4 §11.1–11.2 (SELECT, READ/UPDATE BINARY) and ISO 7816-9 §8 (CREATE/DELETE FILE) defaults.
public abstract partial class CardDriver
{
    protected const byte InsSelect = 0xA4;
    protected const byte InsReadBinary = 0xB0;
    protected const byte InsUpdateBinary = 0xD6;
    protected const byte InsCreateFile = 0xE0;
    protected const byte InsDeleteFile = 0xE4;

    /// <summary>P2 of SELECT: return the FCI (00) or nothing (0C).</summary>
    protected const byte SelectReturnFci = 0x00;
    protected const byte SelectReturnNothing = 0x0C;

    /// <summary>Where relative paths (no 3F00, no AID) start: the application DF.</summary>
    protected abstract CardPath ApplicationPath { get; }

    /// <summary>Selects a file and returns what its FCI says (one SELECT; none if it is the current EF with known size).</summary>
    public CardFileInfo SelectFile(CardPath path) => Run("SELECT " + path, () => Select(Resolve(path), needInfo: true));

    /// <summary>Reads a whole transparent EF, its size taken from the FCI of the SELECT.</summary>
    public byte[] ReadFile(CardPath path) => ReadFile(path, null);

    /// <summary>
    /// Reads a transparent EF from the start; <paramref name="contentLength"/>, given the bytes read so far,
    /// may return the length of the useful content once it is known (e.g. <see cref="ContentLength.BerTlvObjects"/>)
    /// so that the rest of the file is not read.
    /// </summary>
    public byte[] ReadFile(CardPath path, Func<ReadOnlyMemory<byte>, int?>? contentLength) => Run("READ " + path, () =>
    {
        var info = Select(Resolve(path), needInfo: true);
        if (info.Type == CardFileType.DedicatedFile)
            throw new CardException(CardError.IncompatibleFileStructure, $"READ {path}: the file is a DF.");
        return ReadCurrent(0, info.Size, contentLength);
    });

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/> (fewer when the file ends first).</summary>
    public byte[] ReadBinary(CardPath path, int offset, int length)
    {
        CheckOffset(offset, length);
        return Run("READ " + path, () =>
        {
            Select(Resolve(path), needInfo: false);
            return ReadCurrent(offset, offset + length, null);
        });
    }

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> in chunks the card accepts.</summary>
    public void UpdateBinary(CardPath path, int offset, ReadOnlyMemory<byte> data)
    {
        RequireWritable("UPDATE BINARY");
        CheckOffset(offset, data.Length);
        Run("UPDATE " + path, () =>
        {
            Select(Resolve(path), needInfo: false);
            var chunk = Capabilities.MaxWriteChunk;
            for (var done = 0; done < data.Length; done += chunk)
            {
                var n = Math.Min(chunk, data.Length - done);
                var at = offset + done;
                Send("UPDATE BINARY " + path, new CommandApdu(0x00, InsUpdateBinary, (byte)(at >> 8), (byte)at, data.Slice(done, n)));
            }
        });
    }

    /// <summary>Creates a DF or transparent EF in the DF <paramref name="parent"/>; the new file becomes current (ISO 7816-9 §8.2).</summary>
    public void CreateFile(CardPath parent, FileSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RequireWritable("CREATE FILE");
        Run("CREATE FILE", () =>
        {
            var dfPath = Resolve(parent);
            SelectDf(dfPath);
            var fcp = EncodeFcp(spec);
            Send(string.Create(CultureInfo.InvariantCulture, $"CREATE FILE {spec.FileId:X4} in {dfPath}"),
                new CommandApdu(0x00, InsCreateFile, 0x00, 0x00, fcp));
            var created = dfPath.Append(spec.FileId);
            if (spec.Type == CardFileType.DedicatedFile)
            {
                CurrentDf = created;
                CurrentEf = null;
            }
            else
            {
                CurrentDf = dfPath;
                CurrentEf = new CardFileInfo { Path = created, Type = spec.Type, Size = spec.Size, FileId = spec.FileId, Acl = spec.Acl };
            }
        });
    }

    /// <summary>Deletes a file (ISO 7816-9 §8.3: DELETE FILE with the FID, in its parent DF).</summary>
    public virtual void DeleteFile(CardPath path)
    {
        RequireWritable("DELETE FILE");
        Run("DELETE FILE " + path, () =>
        {
            var full = Resolve(path);
            var parent = full.Parent ?? throw new ArgumentException($"{path} has no parent DF to delete it from.", nameof(path));
            SelectDf(parent);
            SendDelete(full);
            CurrentDf = parent;
            CurrentEf = null;
        });
    }

    protected void SendDelete(CardPath full) =>
        Send("DELETE FILE " + full, new CommandApdu(0x00, InsDeleteFile, 0x00, 0x00, new[] { (byte)(full.FileId >> 8), (byte)full.FileId }));

    /// <summary>
    /// The FCP for CREATE FILE. ISO default: template 62 with 80 size (EF), 82 descriptor, 83 FID, 84 DF name,
    /// 8C compact security attributes (access mode 7F, then table-17 order: 00 always, 10 user authentication, FF never).
    /// </summary>
    protected virtual byte[] EncodeFcp(FileSpec spec)
    {
        var inner = new List<byte>();
        if (spec.Type != CardFileType.DedicatedFile)
            BerTlv.Write(inner, 0x80, [(byte)(spec.Size >> 8), (byte)spec.Size]);
        BerTlv.Write(inner, 0x82, [DescriptorByte(spec)]);
        BerTlv.Write(inner, 0x83, [(byte)(spec.FileId >> 8), (byte)spec.FileId]);
        if (spec.DfName != null)
            BerTlv.Write(inner, 0x84, spec.DfName);
        var compact = new List<byte> { 0x7F };
        foreach (var c in spec.Acl.InTableOrder())
            compact.Add(c switch { AccessCondition.Always => 0x00, AccessCondition.Pin => 0x10, _ => 0xFF });
        BerTlv.Write(inner, 0x8C, compact.ToArray());
        return BerTlv.Encode(0x62, inner.ToArray());
    }

    /// <summary>ISO 7816-4 table 14: 38 = DF, 01 = working EF, transparent.</summary>
    protected static byte DescriptorByte(FileSpec spec) => spec.Type == CardFileType.DedicatedFile ? (byte)0x38 : (byte)0x01;

    /// <summary>Turns relative paths into application-rooted ones.</summary>
    protected CardPath Resolve(CardPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.HasAid || path.IsAbsolute ? path : ApplicationPath.Append(path);
    }

    /// <summary>
    /// Makes <paramref name="path"/> the current file with as few APDUs as the state allows: none when it is the
    /// current EF (and, if <paramref name="needInfo"/>, its size is known), else one SELECT.
    /// </summary>
    protected CardFileInfo Select(CardPath path, bool needInfo)
    {
        if (CurrentEf is { } ef && ef.Path == path && (!needInfo || ef.Size.HasValue || ef.Type == CardFileType.DedicatedFile))
            return ef;
        var info = SelectOnCard(path, needInfo ? SelectReturnFci : SelectReturnNothing);
        if (info.Type == CardFileType.DedicatedFile)
        {
            CurrentDf = path;
            CurrentEf = null;
        }
        else
        {
            CurrentDf = path.Parent;
            CurrentEf = info;
        }
        return info;
    }

    /// <summary>Makes the DF <paramref name="path"/> current (no APDU if it is).</summary>
    protected void SelectDf(CardPath path)
    {
        if (CurrentDf == path)
            return;
        SelectOnCard(path, SelectReturnNothing);
        CurrentDf = path;
        CurrentEf = null;
    }

    /// <summary>
    /// Sends the SELECT(s) for a path: MF by FID (P1 00), absolute paths from the MF (P1 08, without 3F00),
    /// AID-rooted paths by DF name (P1 04) and then the rest relative to it (P1 09).
    /// </summary>
    protected virtual CardFileInfo SelectOnCard(CardPath path, byte p2)
    {
        var ne = p2 == SelectReturnFci ? CommandApdu.MaxShortNe : 0;
        ResponseApdu response;
        if (path.IsMasterFile)
            response = Send("SELECT " + path, new CommandApdu(0x00, InsSelect, 0x00, p2, path.Fids.ToArray(), ne));
        else if (path.IsAbsolute)
            response = Send("SELECT " + path, new CommandApdu(0x00, InsSelect, 0x08, p2, path.Fids[2..].ToArray(), ne));
        else if (path.HasAid)
        {
            var appDf = CardPath.FromAid(path.Aid);
            var relative = path.Fids.ToArray();
            if (CurrentDf != appDf || relative.Length == 0)
                response = Send("SELECT " + appDf, new CommandApdu(0x00, InsSelect, 0x04, relative.Length == 0 ? p2 : SelectReturnNothing, path.Aid.ToArray(),
                    relative.Length == 0 ? ne : 0));
            else
                response = new ResponseApdu([], StatusWords.Success);
            if (relative.Length > 0)
            {
                CurrentDf = appDf;
                response = Send("SELECT " + path, new CommandApdu(0x00, InsSelect, 0x09, p2, relative, ne));
            }
        }
        else
            throw new ArgumentException($"Cannot select the relative path {path} without a DF to start from.", nameof(path));
        return ParseFileInfo(path, response.Data);
    }

    /// <summary>Reads the FCI; drivers that understand their card's security attributes add the ACL.</summary>
    protected virtual CardFileInfo ParseFileInfo(CardPath path, byte[] fci) => CardFileInfo.Parse(path, fci);

    /// <summary>READ BINARY of the current EF from <paramref name="offset"/> up to <paramref name="end"/> (or its end, when unknown).</summary>
    private byte[] ReadCurrent(int offset, int? end, Func<ReadOnlyMemory<byte>, int?>? contentLength)
    {
        var output = new List<byte>(end is int e ? Math.Max(0, e - offset) : 256);
        var max = Capabilities.MaxReadChunk;
        while (end is not int stop || offset < stop)
        {
            var want = end is int limit ? Math.Min(max, limit - offset) : max;
            var response = Channel.Transmit(new CommandApdu(0x00, InsReadBinary, (byte)(offset >> 8), (byte)offset, ne: want));
            if (response.StatusWord == Apdu.StatusWords.WrongParameters && end is null && offset > 0)
                break; // ran past the end of a file of unknown size
            response.EnsureSuccess(string.Create(CultureInfo.InvariantCulture, $"READ BINARY at {offset}"), Apdu.StatusWords.EndOfFileReached);
            output.AddRange(response.Data);
            offset += response.Data.Length;
            if (response.Data.Length == 0 || response.StatusWord == Apdu.StatusWords.EndOfFileReached || offset > 0x7FFF)
                break;
            if (end is null && response.Data.Length < want)
                break;
            if (contentLength?.Invoke(output.ToArray()) is int useful && useful <= output.Count)
                return output.GetRange(0, useful).ToArray();
        }
        return output.ToArray();
    }

    private static void CheckOffset(int offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > 0x8000)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "READ/UPDATE BINARY address 15-bit offsets (0..32767).");
    }
}
