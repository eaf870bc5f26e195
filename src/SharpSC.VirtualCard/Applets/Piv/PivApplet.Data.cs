using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.Piv;

// GET DATA and PUT DATA (SP 800-73-4 Part 2 §3.1.2, §3.3.2): P1 P2 3F FF, data 5C {tag} [53 {content}].
internal sealed partial class PivApplet
{
    private const ushort ObjectP1P2 = 0x3FFF;

    private Response GetData(CommandApdu c, byte[] data)
    {
        if (c.P1P2 != ObjectP1P2) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var tag = PivTlv.TagFromBytes(PivTlv.Single(data, PivSpec.TagTagList));
        if (tag == PivSpec.ObjDiscovery) return Response.Ok((byte[])PivSpec.DiscoveryObject.Clone());
        if (!PivSpec.IsWritableObject(tag)) throw IsoException.Of(StatusWords.FileNotFound);
        if (!_state.Objects.TryGetValue(tag, out var content)) throw IsoException.Of(StatusWords.FileNotFound);
        if (PivSpec.NeedsPinToRead(tag)) RequirePin();
        return Response.Ok(PivTlv.Encode(PivSpec.TagData, content));
    }

    /// <summary>Writes or (with an empty 53) deletes a data object; needs the management key.</summary>
    private Response PutData(CommandApdu c, byte[] data)
    {
        if (c.P1P2 != ObjectP1P2) throw IsoException.Of(StatusWords.IncorrectP1P2);
        RequireManagementKey();
        var elements = PivTlv.Parse(data);
        if (elements.Count != 2 || elements[0].Tag != PivSpec.TagTagList || elements[1].Tag != PivSpec.TagData)
            throw IsoException.Of(StatusWords.WrongData);
        var tag = PivTlv.TagFromBytes(elements[0].Value);
        if (!PivSpec.IsWritableObject(tag)) throw IsoException.Of(StatusWords.WrongData);
        var content = elements[1].Value;
        if (content.Length > PivSpec.MaxObjectSize) throw IsoException.Of(StatusWords.FileFull);
        if (content.Length == 0)
            _state.Objects.Remove(tag);
        else
            _state.Objects[tag] = content;
        Persist();
        return Response.Success;
    }
}
