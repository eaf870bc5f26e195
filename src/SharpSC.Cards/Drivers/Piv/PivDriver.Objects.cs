using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Tlv;
using static SharpSC.Cards.Drivers.Piv.PivConstants;

namespace SharpSC.Cards.Drivers.Piv;

// GET DATA / PUT DATA of data objects (SP 800-73-4 Part 2 §3.1.2, §3.3.2) and the objects built on them.
public sealed partial class PivDriver
{
    /// <summary>The content of a data object (the value of its 53 container; the whole 7E for discovery), or null when the card has none (6A82).</summary>
    public byte[]? ReadObject(int tag) => Run(string.Create(CultureInfo.InvariantCulture, $"GET DATA {tag:X}"), () => ReadObjectCore(tag));

    private byte[]? ReadObjectCore(int tag)
    {
        var operation = string.Create(CultureInfo.InvariantCulture, $"GET DATA {tag:X}");
        var r = Channel.Transmit(new CommandApdu(0x00, InsGetData, DataP1, DataP2, TagList(tag), OpenEndedNe));
        if (r.StatusWord == StatusWords.FileNotFound) return null;
        r.EnsureSuccess(operation);
        var container = BerTlv.ParseSingle(r.Data, tag == ObjDiscovery ? ObjDiscovery : TagData, operation);
        return container.Value.ToArray();
    }

    /// <summary>Writes a data object (PUT DATA 5C tag 53 content); needs the management key. Empty content deletes it.</summary>
    public void WriteObject(int tag, ReadOnlySpan<byte> content)
    {
        RequireWritable("PUT DATA");
        var data = new List<byte>(content.Length + 12);
        data.AddRange(TagList(tag));
        BerTlv.Write(data, TagData, content);
        var apdu = data.ToArray();
        Run(string.Create(CultureInfo.InvariantCulture, $"PUT DATA {tag:X}"), () =>
        {
            Send(string.Create(CultureInfo.InvariantCulture, $"PUT DATA {tag:X}"), new CommandApdu(0x00, InsPutData, DataP1, DataP2, apdu));
        });
    }

    /// <summary>Deletes a data object (PUT DATA with an empty 53, as yubico-piv-tool does).</summary>
    public void DeleteObject(int tag) => WriteObject(tag, []);

    /// <summary>The certificate of a slot (DER; a gzip-compressed one inflated), or null when the slot has none.</summary>
    public byte[]? ReadCertificate(PivSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var content = ReadObject(slot.CertificateObject);
        if (content == null || content.Length == 0) return null;
        return PivCertificateContainer.Parse(content, out _);
    }

    /// <summary>Stores a certificate for a slot (uncompressed unless asked; a YubiKey holds about 3 KB per object).</summary>
    public void WriteCertificate(PivSlot slot, ReadOnlySpan<byte> certificate, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(slot);
        WriteObject(slot.CertificateObject, PivCertificateContainer.Encode(certificate, compress));
    }

    public void DeleteCertificate(PivSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        DeleteObject(slot.CertificateObject);
    }

    /// <summary>The key history object, or null when the card has none.</summary>
    public PivKeyHistory? ReadKeyHistory() => ReadObject(ObjKeyHistory) is { } c ? PivKeyHistory.Parse(c) : null;

    /// <summary>The CHUID, or null when the card has none (a factory YubiKey).</summary>
    public PivChuid? ReadChuid() => ReadObject(ObjChuid) is { } c ? PivChuid.Parse(c) : null;

    /// <summary>5C with the tag in 1–3 bytes (SP 800-73-4 Part 2 Table 3).</summary>
    private static byte[] TagList(int tag)
    {
        byte[] bytes = tag switch
        {
            <= 0xFF => [(byte)tag],
            <= 0xFFFF => [(byte)(tag >> 8), (byte)tag],
            _ => [(byte)(tag >> 16), (byte)(tag >> 8), (byte)tag],
        };
        return BerTlv.Encode(TagTagList, bytes);
    }
}
