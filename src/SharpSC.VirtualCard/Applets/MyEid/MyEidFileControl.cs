using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// The CREATE FILE data field: an FCP template 62 with one-byte lengths (MyEID manual "Create File"):
/// 80 or 81 size (81 for DFs and key files: "size including structural information"), 82 descriptor,
/// 83 FID, 84 DF name, 85 proprietary information (2 bytes), 86 ACL (3 bytes), 8A life cycle (ignored).
/// Any inconsistency answers 6984, as the card does.
/// </summary>
internal static class MyEidFileControl
{
    public static MyEidFile Parse(ReadOnlySpan<byte> fcp)
    {
        if (fcp.Length < 2 || fcp[0] != 0x62 || fcp[1] != fcp.Length - 2) throw Invalid();
        int? size = null;
        var sizeIn81 = false;
        byte? descriptor = null;
        ushort? fid = null;
        ushort prop = 0;
        byte[] acl = [0xFF, 0xFF, 0xFF];
        byte[]? name = null;

        var pos = 2;
        while (pos < fcp.Length)
        {
            var tag = fcp[pos++];
            if (tag is 0x00 or 0xFF) continue; // filler bytes between objects (ISO 7816-4 §5.2)
            if (pos >= fcp.Length) throw Invalid();
            int len = fcp[pos++];
            if (len is 0 or > 16 || pos + len > fcp.Length) throw Invalid();
            var value = fcp.Slice(pos, len);
            pos += len;
            switch (tag)
            {
                case 0x80:
                case 0x81:
                    if (size != null || (tag == 0x81 && len != 2) || len > 2) throw Invalid();
                    size = len == 1 ? value[0] : value[0] << 8 | value[1];
                    sizeIn81 = tag == 0x81;
                    if (size > MyEidConstants.MaxFileSize) throw Invalid();
                    break;
                case 0x82:
                    if (len > 6 || !MyEidFileTypes.IsAllowed(value[0])) throw Invalid();
                    descriptor = value[0];
                    break;
                case 0x83:
                    if (len != 2) throw Invalid();
                    var id = (ushort)(value[0] << 8 | value[1]);
                    if (id is 0x0000 or 0x3FFF or MyEidConstants.MasterFileId or 0xFFFF) throw Invalid();
                    fid = id;
                    break;
                case 0x84:
                    name = value.ToArray();
                    break;
                case 0x85:
                    if (len != 2) throw Invalid();
                    prop = (ushort)(value[0] << 8 | value[1]);
                    break;
                case 0x86:
                    if (len != 3) throw Invalid();
                    acl = value.ToArray();
                    break;
                case 0x8A:
                    if (len != 1) throw Invalid();
                    break;
                default:
                    throw Invalid();
            }
        }
        if (size == null || descriptor == null || fid == null) throw Invalid();
        if (MyEidFileTypes.IsDf(descriptor.Value))
        {
            if (!sizeIn81) throw Invalid();
        }
        else
        {
            if (name != null) throw Invalid();
            // A new key file holds no key yet: the "key loaded" and "generated" bits are the card's to set.
            if (MyEidFileTypes.IsKeyFile(descriptor.Value)) prop &= 0xF0FF;
        }
        return new MyEidFile(fid.Value, descriptor.Value, size.Value, sizeIn81, acl, prop, name);
    }

    private static IsoException Invalid() => IsoException.Of(StatusWords.DataInvalid);
}
