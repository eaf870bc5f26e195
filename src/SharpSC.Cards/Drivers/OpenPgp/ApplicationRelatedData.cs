using System.Globalization;
using SharpSC.Cards.Errors;

namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// The application related data (DO 6E, §4.4.3.1), read once per connection: AID, historical bytes, extended
/// length information, extended capabilities, the three keys' attributes, PW status, fingerprints, CA
/// fingerprints, generation times and (3.4) key information. Parsed as untrusted input: the mandatory objects
/// must be there with their lengths, anything else that is odd is ignored or read as "unknown".
/// </summary>
public sealed class ApplicationRelatedData
{
    private ApplicationRelatedData(Dictionary<int, byte[]> dos)
    {
        Aid = OpenPgpAid.Parse(Require(dos, OpenPgpSpec.Tag.Aid));
        Historical = CardCapabilityBytes.Parse(dos.GetValueOrDefault(OpenPgpSpec.Tag.HistoricalBytes) ?? []);
        ExtendedCapabilities = ExtendedCapabilities.Parse(dos.GetValueOrDefault(OpenPgpSpec.Tag.ExtendedCapabilities) ?? [], Aid.Version);
        (MaxCommandLength, MaxResponseLength) = ParseExtendedLengthInformation(dos.GetValueOrDefault(OpenPgpSpec.Tag.ExtendedLengthInformation));
        Attributes = [.. OpenPgpKeyRefs.All.Select(k => AlgorithmAttributes.Parse(Require(dos, k.AttributesTag())))];
        PwStatus = PwStatus.Parse(Require(dos, OpenPgpSpec.Tag.PwStatusBytes));
        Fingerprints = Split(dos, OpenPgpSpec.Tag.Fingerprints, OpenPgpSpec.FingerprintLength, required: true);
        CaFingerprints = Split(dos, OpenPgpSpec.Tag.CaFingerprints, OpenPgpSpec.FingerprintLength, required: false);
        GenerationTimes = [.. Split(dos, OpenPgpSpec.Tag.GenerationTimes, 4, required: false)
            .Select(t => (uint)(t[0] << 24 | t[1] << 16 | t[2] << 8 | t[3]))];
        KeyStatus = ParseKeyInformation(dos.GetValueOrDefault(OpenPgpSpec.Tag.KeyInformation));
    }

    public OpenPgpAid Aid { get; }
    public CardCapabilityBytes Historical { get; }
    public ExtendedCapabilities ExtendedCapabilities { get; }

    /// <summary>From DO 7F66 (§4.1.3.1), 0 when the card does not say.</summary>
    public int MaxCommandLength { get; }

    public int MaxResponseLength { get; }

    /// <summary>Attributes of the signature, decryption and authentication key (index = key number - 1).</summary>
    public IReadOnlyList<AlgorithmAttributes> Attributes { get; }

    public PwStatus PwStatus { get; }
    public IReadOnlyList<byte[]> Fingerprints { get; }
    public IReadOnlyList<byte[]> CaFingerprints { get; }

    /// <summary>Seconds since 1970 (0: none written).</summary>
    public IReadOnlyList<uint> GenerationTimes { get; }

    /// <summary>DO DE (3.4): 00 no key, 01 generated, 02 imported per key; null entries when the card has no DE.</summary>
    public IReadOnlyList<byte?> KeyStatus { get; }

    public AlgorithmAttributes AttributesOf(OpenPgpKeyRef key) => Attributes[key.Index()];

    public byte[] FingerprintOf(OpenPgpKeyRef key) => Fingerprints[key.Index()];

    public bool HasFingerprint(OpenPgpKeyRef key) => Fingerprints[key.Index()].Any(b => b != 0);

    /// <summary>
    /// Whether the key slot holds a key, as far as 6E tells: the key information DO where the card has one,
    /// otherwise a fingerprint written by whoever made the key (as GnuPG decides). Null: 6E cannot tell.
    /// </summary>
    public bool? KeyPresent(OpenPgpKeyRef key) => KeyStatus[key.Index()] switch
    {
        OpenPgpSpec.KeyStatus.NotPresent => false,
        OpenPgpSpec.KeyStatus.Generated or OpenPgpSpec.KeyStatus.Imported => true,
        _ => HasFingerprint(key) ? true : null,
    };

    /// <summary>Parses the answer to GET DATA 6E (with or without the outer 6E and 73 templates).</summary>
    public static ApplicationRelatedData Parse(ReadOnlyMemory<byte> answer) => new(TlvSearch.Flatten(answer));

    private static byte[] Require(Dictionary<int, byte[]> dos, int tag) =>
        dos.TryGetValue(tag, out var v) ? v : throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture,
            $"the application related data (6E) lack DO {tag:X2}."));

    private static List<byte[]> Split(Dictionary<int, byte[]> dos, int tag, int size, bool required)
    {
        if (!dos.TryGetValue(tag, out var value))
        {
            if (required) Require(dos, tag);
            return [new byte[size], new byte[size], new byte[size]];
        }
        if (value.Length < 3 * size)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture, $"DO {tag:X2} has {value.Length} bytes, not {3 * size}."));
        return [value[..size], value[size..(2 * size)], value[(2 * size)..(3 * size)]];
    }

    private static (int, int) ParseExtendedLengthInformation(byte[]? value)
    {
        // 02 02 max command, 02 02 max response (INTEGERs of two bytes).
        if (value is not { Length: >= 8 } || value[0] != 0x02 || value[1] != 0x02 || value[4] != 0x02 || value[5] != 0x02) return (0, 0);
        return (value[2] << 8 | value[3], value[6] << 8 | value[7]);
    }

    private static byte?[] ParseKeyInformation(byte[]? value)
    {
        var status = new byte?[3];
        if (value == null) return status;
        for (var i = 0; i + 1 < value.Length; i += 2)
        {
            if (value[i] is >= 1 and <= 3) status[value[i] - 1] = value[i + 1];
        }
        return status;
    }
}
