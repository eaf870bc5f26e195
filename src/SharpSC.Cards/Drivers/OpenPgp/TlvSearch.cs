using SharpSC.Cards.Tlv;

namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// Finds data objects in a card's answer whatever the nesting: with or without the outer tag (6E, 65, 7A), with
/// or without the discretionary data objects 73. Only those templates are opened; a tag seen twice keeps its
/// first value. Malformed TLV raises <see cref="Errors.CardException"/> (UnexpectedResponse).
/// </summary>
internal static class TlvSearch
{
    private static readonly int[] Templates =
    [
        OpenPgpSpec.Tag.ApplicationRelatedData, OpenPgpSpec.Tag.DiscretionaryDataObjects,
        OpenPgpSpec.Tag.CardholderRelatedData, OpenPgpSpec.Tag.SecuritySupportTemplate,
    ];

    private const int MaxDepth = 4;

    public static Dictionary<int, byte[]> Flatten(ReadOnlyMemory<byte> data)
    {
        var result = new Dictionary<int, byte[]>();
        Walk(data, result, 0);
        return result;
    }

    private static void Walk(ReadOnlyMemory<byte> data, Dictionary<int, byte[]> result, int depth)
    {
        foreach (var element in BerTlv.Parse(data, skipPadding: false))
        {
            if (Templates.Contains(element.Tag) && depth < MaxDepth)
                Walk(element.Value, result, depth + 1);
            else
                result.TryAdd(element.Tag, element.Value.ToArray());
        }
    }
}
