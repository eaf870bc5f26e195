using System.Globalization;
using SharpSC.Cards.Apdu;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Tlv;
using static SharpSC.Cards.Drivers.Piv.PivConstants;

namespace SharpSC.Cards.Drivers.Piv;

/// <summary>Key History object (SP 800-73-4 Part 1 Table 19): how many retired keys have their certificate on the card.</summary>
public sealed record PivKeyHistory(int KeysWithOnCardCertificates, int KeysWithOffCardCertificates, string? OffCardUrl)
{
    public static PivKeyHistory Parse(ReadOnlyMemory<byte> content)
    {
        var elements = BerTlv.Parse(content, skipPadding: false);
        return new PivKeyHistory(Count(elements, TagKeysWithOnCardCerts), Count(elements, TagKeysWithOffCardCerts),
            BerTlv.Find(elements, TagOffCardCertUrl) is { Length: > 0 } url ? System.Text.Encoding.ASCII.GetString(url.Span) : null);
    }

    /// <summary>The object's content (SP 800-73-4 Part 1 Table 19): C1, C2, then F3 when there is a URL, and an empty FE.</summary>
    public byte[] Encode()
    {
        var content = new List<byte>();
        BerTlv.Write(content, TagKeysWithOnCardCerts, [(byte)KeysWithOnCardCertificates]);
        BerTlv.Write(content, TagKeysWithOffCardCerts, [(byte)KeysWithOffCardCertificates]);
        if (OffCardUrl != null) BerTlv.Write(content, TagOffCardCertUrl, System.Text.Encoding.ASCII.GetBytes(OffCardUrl));
        BerTlv.Write(content, TagErrorDetection, []);
        return content.ToArray();
    }

    private static int Count(List<TlvElement> elements, int tag)
    {
        if (BerTlv.Find(elements, tag) is not { } v) return 0;
        if (v.Length != 1 || v.Span[0] > 20)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"key history tag {tag:X2}: {Hex.Encode(v.Span)} is not a count of 0..20."));
        return v.Span[0];
    }
}

/// <summary>Card Holder Unique Identifier (SP 800-73-4 Part 1 Table 9): FASC-N, GUID, expiration.</summary>
public sealed record PivChuid(byte[]? FascN, byte[]? Guid, string? Expiration)
{
    public static PivChuid Parse(ReadOnlyMemory<byte> content)
    {
        var elements = BerTlv.Parse(content, skipPadding: false);
        var guid = BerTlv.Find(elements, TagGuid)?.ToArray();
        if (guid != null && guid.Length != 16)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"CHUID GUID of {guid.Length} bytes (expected 16)."));
        var expiration = BerTlv.Find(elements, TagExpiration) is { Length: 8 } e ? System.Text.Encoding.ASCII.GetString(e.Span) : null;
        return new PivChuid(BerTlv.Find(elements, TagFascN)?.ToArray(), guid, expiration);
    }

    /// <summary>The GUID as 32 hex digits, or null when absent or all zeros.</summary>
    public string? GuidHex => Guid == null || Guid.All(b => b == 0) ? null : Hex.Encode(Guid);
}

/// <summary>
/// What SELECT answered (SP 800-73-4 Part 2 §3.1.1, application property template 61): the application
/// identifier, label, URL and the algorithms the card lists (AC 80 ...). Every field is optional on a card.
/// </summary>
public sealed record PivApplicationInfo(byte[]? Pix, string? Label, string? Url, IReadOnlyList<byte> Algorithms)
{
    public static PivApplicationInfo Empty { get; } = new(null, null, null, []);

    /// <summary>Parses the SELECT answer; a card that answers no template or a broken one yields what could be read.</summary>
    public static PivApplicationInfo Parse(ReadOnlyMemory<byte> answer)
    {
        if (answer.IsEmpty) return Empty;
        var template = BerTlv.ParseSingle(answer, TagApplicationTemplate, "PIV application property template");
        var elements = BerTlv.Parse(template.Value, skipPadding: false);
        var algorithms = new List<byte>();
        foreach (var e in elements.Where(e => e.Tag == TagAlgorithms))
        {
            foreach (var a in BerTlv.Parse(e.Value, skipPadding: false))
                if (a.Tag == TagAlgorithm && a.Value.Length == 1) algorithms.Add(a.Value.Span[0]);
        }
        return new PivApplicationInfo(
            BerTlv.Find(elements, TagApplicationId)?.ToArray(),
            BerTlv.Find(elements, TagApplicationLabel) is { } l ? System.Text.Encoding.ASCII.GetString(l.Span) : null,
            BerTlv.Find(elements, TagApplicationUrl) is { } u ? System.Text.Encoding.ASCII.GetString(u.Span) : null,
            algorithms);
    }
}
