using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.FileSystem;

/// <summary>A DF: at most 30 children (IsoApplet DedicatedFile.CHILDREN_COUNT_MAX), searched as the applet does.</summary>
internal sealed class DedicatedFile(ushort fid, byte[] fci) : CardFile(fid, fci)
{
    public const int MaxChildren = 30;

    private readonly List<CardFile> _children = [];

    public IReadOnlyList<CardFile> Children => _children;

    public override int StorageCost => ObjectOverhead + Fci.Length + 2 * MaxChildren;

    /// <summary>Adds a child; false when the DF already holds the maximum number of children.</summary>
    public bool TryAddChild(CardFile child)
    {
        if (_children.Count >= MaxChildren) return false;
        child.Parent = this;
        _children.Add(child);
        return true;
    }

    /// <summary>Removes a direct child. Like the applet, the last child moves into the freed place.</summary>
    public bool RemoveChild(ushort fid)
    {
        var index = _children.FindIndex(c => c.Fid == fid);
        if (index < 0) return false;
        var last = _children.Count - 1;
        _children[index] = _children[last];
        _children.RemoveAt(last);
        return true;
    }

    /// <summary>True when the FCI carries a DF name (tag 84) equal to <paramref name="name"/>.</summary>
    public bool HasName(ReadOnlySpan<byte> name)
    {
        if (!AppletTlv.TryGetValue(Fci, 2, (sbyte)Fci[1], 0x84, out var offset, out var length)) return false;
        return length == name.Length && Fci.AsSpan(offset, length).SequenceEqual(name);
    }

    /// <summary>
    /// Depth-first search below this DF (findChildrenRec). A direct child with the FID but of the wrong kind
    /// ends this level's search; the parent level then goes on with its next child, as the applet does.
    /// </summary>
    public CardFile? FindRecursive(ushort fid, FileKind kind)
    {
        foreach (var child in _children)
        {
            if (child.Fid == fid)
                return Matches(child, kind) ? child : null;
            if (child is DedicatedFile df && df.FindRecursive(fid, kind) is { } found)
                return found;
        }
        return null;
    }

    /// <summary>Depth-first search for a DF name below this DF (findDedicatedFileByNameRec).</summary>
    public DedicatedFile? FindByNameRecursive(ReadOnlySpan<byte> name)
    {
        foreach (var child in _children)
        {
            if (child is not DedicatedFile df) continue;
            if (df.HasName(name)) return df;
            var found = df.FindByNameRecursive(name);
            if (found != null) return found;
        }
        return null;
    }

    /// <summary>
    /// Resolves a path of FIDs starting with this DF's children (findChildrenByPath). Faithful quirk: a FID
    /// that matches no child is skipped and the next FID is looked up in the same DF.
    /// </summary>
    public CardFile? FindByPath(ReadOnlySpan<byte> path)
    {
        var df = this;
        for (var pos = 0; pos < path.Length - 1; pos += 2)
        {
            var fid = (ushort)(path[pos] << 8 | path[pos + 1]);
            foreach (var child in df._children)
            {
                if (child.Fid != fid) continue;
                if (pos == path.Length - 2) return child;
                if (child is not DedicatedFile next) return null;
                df = next;
                break;
            }
        }
        return null;
    }

    /// <summary>The EF among the direct children whose SFI matches (findChildElementaryFileBySFI).</summary>
    public ElementaryFile? FindChildBySfi(byte sfi) =>
        (sfi & 0xE0) != 0 ? null : _children.OfType<ElementaryFile>().FirstOrDefault(e => e.ShortFileId == sfi);

    private static bool Matches(CardFile file, FileKind kind) => kind switch
    {
        FileKind.Df => file is DedicatedFile,
        FileKind.Ef => file is ElementaryFile,
        _ => true,
    };

    /// <summary>Every file in this subtree, this DF included.</summary>
    public IEnumerable<CardFile> Subtree()
    {
        yield return this;
        foreach (var child in _children)
        {
            if (child is DedicatedFile df)
                foreach (var f in df.Subtree()) yield return f;
            else
                yield return child;
        }
    }
}
