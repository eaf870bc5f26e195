using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// SELECT, READ/UPDATE/ERASE BINARY, CREATE FILE and DELETE FILE on the MyEID file system (ISO 7816-4 §11.1-11.2,
/// ISO 7816-9 §6 with MyEID's FCP and three-byte ACL). Access rules count only once the card is operational.
/// </summary>
internal sealed class MyEidFileCommands(MyEidCardState state, MyEidSession session, MyEidAccess access, ChangeTracker changes)
{
    /// <summary>The DF of the current file (the file itself when it is a DF).</summary>
    public MyEidFile CurrentDf => session.Current is { IsDf: true } df ? df : session.Current?.Parent ?? state.MasterFile;

    /// <summary>
    /// SELECT: P1 00 by FID (child of the current DF, then sibling, then parent; 3F00 or no data: the MF), 01 DF
    /// child, 02 EF child, 03 parent, 04 DF name, 08 path from the MF, 09 path from the current DF. P2 00 answers the
    /// FCI, 0C nothing.
    /// </summary>
    public Response Select(CommandApdu c)
    {
        if (c.P2 is not (0x00 or 0x0C)) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var data = c.Data;
        MyEidFile file;
        if (data.Length == 0)
        {
            file = c.P1 switch
            {
                0x00 when c.P2 == 0x00 => state.MasterFile,
                0x03 => CurrentDf.Parent ?? state.MasterFile,
                _ => throw IsoException.Of(StatusWords.WrongLength),
            };
        }
        else
        {
            file = c.P1 switch
            {
                0x08 or 0x09 => ByPath(c.P1 == 0x08 ? null : CurrentDf, data),
                0x04 => data.Length <= 16 ? ByName(data) : throw IsoException.Of(StatusWords.IncorrectLengthForP1),
                0x00 or 0x01 or 0x02 when data.Length != 2 => throw IsoException.Of(StatusWords.IncorrectLengthForP1),
                0x00 => ById(Fid(data)),
                0x01 => CurrentDf.Child(Fid(data)) is { IsDf: true } df ? df : throw NotFound(),
                0x02 => CurrentDf.Child(Fid(data)) is { IsDf: false } ef ? ef : throw NotFound(),
                _ => throw IsoException.Of(StatusWords.IncorrectP1P2),
            };
        }
        session.Current = file;
        return c.P2 == 0x0C ? Response.Success : Response.Ok(Fci(file));
    }

    /// <summary>Selects the DF named by the MyEID AID (5015) for a SELECT by AID; P2 00 answers its FCI, 0C nothing.</summary>
    public Response SelectApplication(byte p2)
    {
        if (p2 is not (0x00 or 0x0C)) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var df = ByName(MyEidConstants.Aid);
        session.Current = df;
        return p2 == 0x0C ? Response.Success : Response.Ok(Fci(df));
    }

    /// <summary>The FCI: 6F { 80/81 size, 82 type, 83 FID, 86 ACL, 85 proprietary, 8A life cycle [, 84 name] }.</summary>
    public byte[] Fci(MyEidFile f)
    {
        var inner = new List<byte>
        {
            (byte)(f.SizeInTag81 ? 0x81 : 0x80), 2, (byte)(f.Size >> 8), (byte)f.Size,
            0x82, 1, f.Descriptor,
            0x83, 2, (byte)(f.Fid >> 8), (byte)f.Fid,
            0x86, 3, f.Acl[0], f.Acl[1], f.Acl[2],
            0x85, 2, (byte)(f.Prop >> 8), (byte)f.Prop,
            0x8A, 1, state.LifeCycle,
        };
        if (f.Name is { } name)
        {
            inner.Add(0x84);
            inner.Add((byte)name.Length);
            inner.AddRange(name);
        }
        return [0x6F, (byte)inner.Count, .. inner];
    }

    /// <summary>
    /// READ BINARY of the current transparent EF at a 15-bit offset. Le 00 reads up to the end of the file; a
    /// longer Le answers what there is with 6282 (end of file reached before Le bytes).
    /// </summary>
    public Response ReadBinary(CommandApdu c)
    {
        if (c.P1 >= 0x80) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var ef = CurrentTransparentEf();
        access.Require(ef.ReadAcl);
        var offset = c.P1 << 8 | c.P2;
        if (offset >= ef.Size) throw IsoException.Of(StatusWords.OffsetOutsideEf);
        var available = ef.Size - offset;
        var want = c.Ne;
        var bytes = ef.Data!.AsSpan(offset, Math.Min(want, available)).ToArray();
        return want > available && want != 256 ? new Response(bytes, StatusWords.EndOfFileReached) : Response.Ok(bytes);
    }

    /// <summary>UPDATE BINARY of the current transparent EF; 6B00 when the data would run past its end.</summary>
    public Response UpdateBinary(CommandApdu c)
    {
        if (c.P1 >= 0x80) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var ef = CurrentTransparentEf();
        access.Require(ef.UpdateAcl);
        var offset = c.P1 << 8 | c.P2;
        if (offset + c.Lc > ef.Size) throw IsoException.Of(StatusWords.OffsetOutsideEf);
        c.Data.CopyTo(ef.Data!, offset);
        Changed();
        return Response.Success;
    }

    /// <summary>ERASE BINARY: FF from the offset to the end of the current transparent EF.</summary>
    public Response EraseBinary(CommandApdu c)
    {
        if (c.P1 >= 0x80) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (c.Lc != 0) throw IsoException.Of(StatusWords.WrongLength);
        var ef = CurrentTransparentEf();
        access.Require(ef.UpdateAcl);
        var offset = c.P1 << 8 | c.P2;
        if (offset > ef.Size) throw IsoException.Of(StatusWords.OffsetOutsideEf);
        ef.Data!.AsSpan(offset).Fill(0xFF);
        Changed();
        return Response.Success;
    }

    /// <summary>CREATE FILE in the current DF; the new file becomes current.</summary>
    public Response CreateFile(CommandApdu c)
    {
        if (c.P1 != 0 || c.P2 != 0) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var df = CurrentDf;
        var file = MyEidFileControl.Parse(c.Data);
        if (file.IsDf)
        {
            access.Require(df.CreateDfAcl);
            if (file.Name != null && state.MasterFile.Subtree().Any(f => f.Name != null && f.Name.AsSpan().SequenceEqual(file.Name)))
                throw IsoException.Of(StatusWords.FileAlreadyExists);
        }
        else
        {
            access.Require(df.CreateEfAcl);
        }
        if (df.Child(file.Fid) != null) throw IsoException.Of(StatusWords.FileAlreadyExists);
        state.EnsureRoom(file.StorageCost);
        df.Add(file);
        session.Current = file;
        Changed();
        return Response.Success;
    }

    /// <summary>
    /// DELETE FILE (CLA 00, or A0 as OpenSC sends it): the current file, or the child of the current DF named in a
    /// two-byte data field. MF and 5015 (proprietary 0002) cannot be deleted (6985). The parent becomes current.
    /// </summary>
    public Response DeleteFile(CommandApdu c)
    {
        if (c.P1 != 0 || c.P2 != 0) throw IsoException.Of(StatusWords.IncorrectP1P2);
        MyEidFile file;
        if (c.Lc == 2) file = CurrentDf.Child(Fid(c.Data)) ?? throw NotFound();
        else if (c.Lc == 0) file = session.Current ?? throw IsoException.Of(StatusWords.CommandNotAllowed);
        else throw IsoException.Of(StatusWords.WrongLength);
        if (file.Parent == null || (file.IsDf && (file.Prop & MyEidConstants.PropUndeletable) != 0))
            throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
        access.Require(file.DeleteAcl);
        var parent = file.Parent;
        parent.Remove(file);
        session.Current = parent;
        if (session.Environment is { } env && (file.Subtree().Contains(env.KeyFile) || (env.Target != null && file.Subtree().Contains(env.Target))))
            session.Environment = null;
        Changed();
        return Response.Success;
    }

    /// <summary>The EF child of the current DF with this FID (MSE key and target files), or null.</summary>
    public MyEidFile? FindEf(ushort fid) => CurrentDf.Child(fid) is { IsDf: false } ef ? ef : null;

    /// <summary>The current file as a key file (GENERATE, PUT DATA, GET DATA of key parts); 6A82 / 6981 otherwise.</summary>
    public MyEidFile CurrentKeyFile()
    {
        var f = session.Current ?? throw NotFound();
        return f.IsKeyFile ? f : throw IsoException.Of(StatusWords.IncompatibleFileStructure);
    }

    public void Changed()
    {
        state.Touch();
        changes.Mark();
    }

    private MyEidFile CurrentTransparentEf()
    {
        var f = session.Current ?? throw IsoException.Of(StatusWords.CommandNotAllowed);
        return f.IsTransparent ? f : throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
    }

    // ISO 7816-4 §7.1.1: the FID is looked for among the children of the current DF, then among the children of
    // its parent (the current DF and its siblings), then the parent itself.
    private MyEidFile ById(ushort fid)
    {
        if (fid == MyEidConstants.MasterFileId) return state.MasterFile;
        var df = CurrentDf;
        if (df.Child(fid) is { } child) return child;
        if (df.Parent is { } parent)
        {
            if (parent.Child(fid) is { } sibling) return sibling;
            if (parent.Fid == fid) return parent;
        }
        throw NotFound();
    }

    // A path from the MF may start with 3F00 itself; each FID must be a child of the DF before it.
    private MyEidFile ByPath(MyEidFile? from, byte[] path)
    {
        if (path.Length < 2 || path.Length % 2 != 0) throw IsoException.Of(StatusWords.IncorrectLengthForP1);
        var current = from ?? state.MasterFile;
        for (var i = 0; i < path.Length; i += 2)
        {
            var fid = Fid(path.AsSpan(i));
            if (i == 0 && from == null && fid == MyEidConstants.MasterFileId) continue;
            if (!current.IsDf) throw NotFound();
            current = current.Child(fid) ?? throw NotFound();
        }
        return current;
    }

    private MyEidFile ByName(byte[] name) =>
        state.MasterFile.Subtree().FirstOrDefault(f => f.IsDf && f.Name != null && f.Name.AsSpan().SequenceEqual(name)) ?? throw NotFound();

    private static ushort Fid(ReadOnlySpan<byte> data) => (ushort)(data[0] << 8 | data[1]);

    private static IsoException NotFound() => IsoException.Of(StatusWords.FileNotFound);
}
