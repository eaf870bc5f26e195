using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.FileSystem;

/// <summary>SELECT, READ BINARY, UPDATE BINARY, CREATE FILE and DELETE FILE as the IsoApplet processes them.</summary>
internal sealed class FileSystemCommands(IsoFileSystem fs, ChangeTracker changes)
{
    /// <summary>SELECT (ISO 7816-4 §11.2.2). P2 b1-b2 must be 00 (first occurrence); FMD (P2 08) is not supported.</summary>
    public Response Select(CommandApdu c)
    {
        if ((c.P2 & 0xF3) != 0) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var data = c.Data;
        CardFile? file = c.P1 switch
        {
            0x00 => data.Length switch
            {
                0 => fs.MasterFile,
                2 => fs.FindFile(Fid(data), FileKind.Any) ?? throw NotFound(),
                _ => null, // the applet leaves the target unset: the selection is reset to the MF
            },
            0x01 => fs.CurrentDf.FindRecursive(FidOrNotFound(data), FileKind.Df) ?? throw NotFound(),
            0x02 => fs.CurrentDf.FindRecursive(FidOrNotFound(data), FileKind.Ef) ?? throw NotFound(),
            0x03 => data.Length != 0 || fs.CurrentDf == fs.MasterFile ? throw NotFound() : fs.CurrentDf.Parent,
            0x04 => fs.FindByName(data) ?? throw NotFound(),
            0x08 => fs.MasterFile.FindByPath(data) ?? throw NotFound(),
            0x09 => fs.CurrentDf.FindByPath(data) ?? throw NotFound(),
            _ => throw IsoException.Of(StatusWords.IncorrectP1P2),
        };
        fs.Select(file);
        switch (c.P2 & 0xFC)
        {
            case 0x00:
            case 0x04:
                // FCI and FCP both return the template stored at CREATE FILE.
                if (file == null)
                    throw new AppletFaultException("SELECT P1=00 with a data field that is neither empty nor a FID (NullPointerException)");
                return Response.Ok((byte[])file.Fci.Clone());
            case 0x08:
                throw IsoException.Of(StatusWords.IncorrectP1P2);
            default:
                return Response.Success;
        }
    }

    /// <summary>READ BINARY: P1 b8=1 selects an EF by SFI with a P2 offset, otherwise a 15-bit offset in the current EF.</summary>
    public Response ReadBinary(CommandApdu c)
    {
        var (ef, offset) = Target(c);
        fs.Authorize(ef, AclOperation.ReadSearch);
        if (ef is not TransparentFile tf) throw IsoException.Of(StatusWords.IncompatibleFileStructure);
        if (offset >= tf.Data.Length || offset < 0) throw IsoException.Of(StatusWords.OffsetOutsideEf);
        var count = Math.Min(c.Ne, tf.Data.Length - offset);
        return Response.Ok(tf.Data.AsSpan(offset, count).ToArray());
    }

    /// <summary>UPDATE BINARY: writes within the EF's fixed size (6B00 beyond it); the EF becomes current.</summary>
    public Response UpdateBinary(CommandApdu c)
    {
        var (ef, offset) = Target(c);
        fs.Authorize(ef, AclOperation.UpdateErase);
        if (ef is not TransparentFile tf) throw IsoException.Of(StatusWords.IncompatibleFileStructure);
        var lc = c.Lc;
        if (offset < 0 || tf.Data.Length < offset + lc || 32767 - offset < lc) throw IsoException.Of(StatusWords.OffsetOutsideEf);
        c.Data.CopyTo(tf.Data, offset);
        changes.Mark();
        fs.Select(ef);
        return Response.Success;
    }

    /// <summary>CREATE FILE (ISO 7816-9 §6.1) under the current DF; the new file becomes selected.</summary>
    public Response CreateFile(CommandApdu c)
    {
        if (c.P1 != 0 || c.P2 != 0) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var file = FileControlParser.Parse(fs, c.Data);
        fs.Budget.Reserve(file.StorageCost);
        if (!fs.CurrentDf.TryAddChild(file))
        {
            fs.Budget.Release(file.StorageCost);
            throw IsoException.Of(StatusWords.FileFull);
        }
        changes.Mark();
        fs.Select(file);
        return Response.Success;
    }

    /// <summary>DELETE FILE (ISO 7816-9 §6.4) by the FID in the data field, anywhere in the tree; never the MF.</summary>
    public Response DeleteFile(CommandApdu c)
    {
        if (c.P1 != 0 || c.P2 != 0) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (c.Lc != 2) throw IsoException.Of(StatusWords.WrongLength);
        var file = fs.FindFile(Fid(c.Data), FileKind.Any) ?? throw NotFound();
        if (file == fs.MasterFile) throw IsoException.Of(StatusWords.CommandNotAllowed);
        fs.Authorize(file, AclOperation.DeleteSelf);
        var parent = file.Parent!;
        fs.SelectAfterDeletion(parent);
        parent.RemoveChild(file.Fid);
        fs.Budget.Release(file is DedicatedFile df ? df.Subtree().Sum(f => f.StorageCost) : file.StorageCost);
        changes.Mark();
        return Response.Success;
    }

    private (ElementaryFile? Ef, int Offset) Target(CommandApdu c)
    {
        if ((c.P1 & 0xE0) == 0x80)
        {
            // SFI addressing: the offset is P2 taken as a signed Java byte.
            var ef = fs.CurrentDf.FindChildBySfi((byte)(c.P1 & 0x1F)) ?? throw NotFound();
            return (ef, (sbyte)c.P2);
        }
        if ((c.P1 & 0x80) == 0) return (fs.CurrentEf, (c.P1 & 0x7F) << 8 | c.P2);
        throw IsoException.Of(StatusWords.IncorrectP1P2);
    }

    private static ushort Fid(ReadOnlySpan<byte> data) => (ushort)(data[0] << 8 | data[1]);

    private static ushort FidOrNotFound(byte[] data) => data.Length >= 2 ? Fid(data) : throw NotFound();

    private static IsoException NotFound() => IsoException.Of(StatusWords.FileNotFound);
}
