using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SharpSC.VirtualCard.Applets.IsoApplet;

namespace SharpSC.VirtualCard.State;

/// <summary>
/// The state file: "SSCVCARD", format version (2 bytes, BE), payload length (4 bytes, BE), payload,
/// SHA-256 of everything before it.
/// Version 2 (written): the payload is one record per applet, in the card's order:
/// 01 applet { 01 kind (ASCII, as --applet names it), 02 the applet's own saved state }.
/// Version 1 (read only): the payload is an IsoApplet's state records (the format before cards held
/// several applets); it loads as one applet, "v0" or "v1" as its applet version record says.
/// Unknown records, a wrong checksum, a truncated file or another format version are refused with the reason.
/// </summary>
internal static class CardStateCodec
{
    public const ushort FormatVersion = 2;
    public const ushort LegacyFormatVersion = 1;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SSCVCARD");
    private const int HeaderLength = 14;
    private const int ChecksumLength = 32;
    private const int MaxKindLength = 32;

    private const byte AppletRecord = 0x01, KindRecord = 0x01, StateRecord = 0x02;

    public static byte[] Encode(IReadOnlyList<SavedApplet> applets)
    {
        var w = new StateTlvWriter();
        foreach (var applet in applets)
        {
            w.Nested(AppletRecord, a =>
            {
                a.Bytes(KindRecord, Encoding.ASCII.GetBytes(applet.Kind));
                a.Bytes(StateRecord, applet.State);
            });
        }
        return Frame(FormatVersion, w.ToArray());
    }

    /// <summary>The applets a state file holds; throws <see cref="CardStateException"/> with the reason when it cannot be used.</summary>
    public static IReadOnlyList<SavedApplet> Decode(byte[] file)
    {
        if (file.Length < HeaderLength + ChecksumLength || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CardStateException("not a sharpsc-vcard state file (bad magic or too short)");
        var version = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(8));
        if (version is not (FormatVersion or LegacyFormatVersion))
            throw new CardStateException(
                $"state file format version {version} is not supported (this sharpsc-vcard reads versions {LegacyFormatVersion} and {FormatVersion})");
        var payloadLength = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(10));
        if (payloadLength != (uint)(file.Length - HeaderLength - ChecksumLength))
            throw new CardStateException("state file is truncated or has trailing bytes (length mismatch)");
        var expected = SHA256.HashData(file.AsSpan(0, HeaderLength + (int)payloadLength));
        if (!expected.AsSpan().SequenceEqual(file.AsSpan(HeaderLength + (int)payloadLength)))
            throw new CardStateException("state file is corrupt (checksum mismatch)");
        var payload = file.AsSpan(HeaderLength, (int)payloadLength);
        try
        {
            return version == LegacyFormatVersion ? [LegacyIsoApplet(payload)] : DecodeApplets(payload);
        }
        catch (Exception e) when (e is not CardStateException)
        {
            throw new CardStateException("state file content is invalid: " + e.Message, e);
        }
    }

    private static byte[] Frame(ushort version, byte[] payload)
    {
        var file = new byte[HeaderLength + payload.Length + ChecksumLength];
        Magic.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(8), version);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(10), (uint)payload.Length);
        payload.CopyTo(file, HeaderLength);
        SHA256.HashData(file.AsSpan(0, HeaderLength + payload.Length), file.AsSpan(HeaderLength + payload.Length));
        return file;
    }

    private static List<SavedApplet> DecodeApplets(ReadOnlySpan<byte> payload)
    {
        var applets = new List<SavedApplet>();
        foreach (var (tag, value) in StateTlvReader.Records(payload))
        {
            if (tag != AppletRecord) throw new InvalidDataException($"unknown record {tag:X2}");
            string? kind = null;
            byte[]? state = null;
            foreach (var (inner, v) in StateTlvReader.Records(value))
            {
                switch (inner)
                {
                    case KindRecord when kind == null:
                        kind = Kind(v);
                        break;
                    case StateRecord when state == null:
                        state = v;
                        break;
                    default:
                        throw new InvalidDataException($"unknown or repeated applet record {inner:X2}");
                }
            }
            if (kind == null || state == null) throw new InvalidDataException("applet record without kind or state");
            if (applets.Any(a => a.Kind == kind)) throw new InvalidDataException($"applet '{kind}' appears twice");
            applets.Add(new SavedApplet(kind, state));
        }
        if (applets.Count == 0) throw new InvalidDataException("the card holds no applet");
        return applets;
    }

    private static string Kind(byte[] value)
    {
        if (value.Length is 0 or > MaxKindLength || value.Any(b => b is < 0x21 or > 0x7E or (byte)','))
            throw new InvalidDataException("applet kind is not a short printable name");
        return Encoding.ASCII.GetString(value);
    }

    /// <summary>A version 1 file: an IsoApplet's records, which its own encoding holds behind its version byte.</summary>
    private static SavedApplet LegacyIsoApplet(ReadOnlySpan<byte> payload)
    {
        var kind = IsoApplet.KindOf(IsoAppletStateCodec.VersionOf(payload));
        return new SavedApplet(kind, [IsoAppletStateCodec.EncodingVersion, .. payload]);
    }
}

/// <summary>One applet as the state file holds it: its kind and its own saved state bytes.</summary>
internal sealed record SavedApplet(string Kind, byte[] State);
