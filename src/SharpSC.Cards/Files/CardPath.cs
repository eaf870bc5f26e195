using System.Globalization;
using SharpSC.Cards.Apdu;

namespace SharpSC.Cards.Files;

/// <summary>
/// Where a file lives: a chain of 2-byte file identifiers, either absolute (starting at the MF 3F00), or
/// relative to an application DF named by its AID (ISO 7816-4 §7.1; PKCS#15 Path with aid), or relative to
/// the driver's application DF when neither is given.
/// </summary>
public sealed class CardPath : IEquatable<CardPath>
{
    public const ushort MasterFileId = 0x3F00;

    private readonly byte[] _fids;
    private readonly byte[] _aid;

    private CardPath(byte[] aid, byte[] fids)
    {
        if (fids.Length % 2 != 0)
            throw new ArgumentException($"A path is a chain of 2-byte file identifiers; {fids.Length} bytes given.", nameof(fids));
        if (aid.Length > 16)
            throw new ArgumentException($"An AID has at most 16 bytes; {aid.Length} given.", nameof(aid));
        _aid = aid;
        _fids = fids;
    }

    public static CardPath MasterFile { get; } = new([], [0x3F, 0x00]);

    /// <summary>"3F0050154402" (absolute), "4402" (relative), "A000000063504B43532D3135/5031" (AID, then relative path).</summary>
    public static CardPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new CardPath([], Hex.Decode(text))
            : new CardPath(Hex.Decode(text[..slash]), Hex.Decode(text[(slash + 1)..]));
    }

    public static CardPath FromFids(ReadOnlySpan<byte> fids) => new([], fids.ToArray());

    public static CardPath FromAid(ReadOnlySpan<byte> aid, ReadOnlySpan<byte> relativeFids = default) =>
        aid.IsEmpty ? throw new ArgumentException("The AID is empty.", nameof(aid)) : new CardPath(aid.ToArray(), relativeFids.ToArray());

    /// <summary>The file identifiers (pairs of bytes), including 3F00 for absolute paths.</summary>
    public ReadOnlySpan<byte> Fids => _fids;

    /// <summary>The application's DF name the path starts from, or empty.</summary>
    public ReadOnlySpan<byte> Aid => _aid;

    public bool HasAid => _aid.Length > 0;

    public bool IsAbsolute => !HasAid && _fids.Length >= 2 && _fids[0] == 0x3F && _fids[1] == 0x00;

    public bool IsMasterFile => IsAbsolute && _fids.Length == 2;

    public int Depth => _fids.Length / 2;

    /// <summary>The last file identifier (the AID-only path has none: 0).</summary>
    public ushort FileId => _fids.Length == 0 ? (ushort)0 : (ushort)((_fids[^2] << 8) | _fids[^1]);

    /// <summary>The path without its last file identifier (null for the MF, an AID alone, or a one-FID relative path).</summary>
    public CardPath? Parent => _fids.Length switch
    {
        0 => null,
        2 => HasAid ? new CardPath(_aid, []) : null,
        _ => new CardPath(_aid, _fids[..^2]),
    };

    public CardPath Append(ushort fileId) => new(_aid, [.. _fids, (byte)(fileId >> 8), (byte)fileId]);

    public CardPath Append(CardPath relative)
    {
        if (relative.HasAid || relative.IsAbsolute)
            throw new ArgumentException($"{relative} is not a relative path.", nameof(relative));
        return new CardPath(_aid, [.. _fids, .. relative._fids]);
    }

    public bool Equals(CardPath? other) =>
        other is not null && _fids.AsSpan().SequenceEqual(other._fids) && _aid.AsSpan().SequenceEqual(other._aid);

    public override bool Equals(object? obj) => obj is CardPath p && Equals(p);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_aid);
        hash.Add('/');
        hash.AddBytes(_fids);
        return hash.ToHashCode();
    }

    public static bool operator ==(CardPath? a, CardPath? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(CardPath? a, CardPath? b) => !(a == b);

    public override string ToString() => HasAid
        ? string.Create(CultureInfo.InvariantCulture, $"{Hex.Encode(_aid)}/{Hex.Encode(_fids)}")
        : Hex.Encode(_fids);
}
