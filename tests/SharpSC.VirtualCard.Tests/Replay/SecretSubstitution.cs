namespace SharpSC.VirtualCard.Tests.Replay;

/// <summary>
/// Replaces the genuine card's random values (RSA modulus, EC public point, ciphertexts) by the
/// emulator's own wherever the transcript carries them, including pieces cut at APDU boundaries:
/// a prefix of the value at the end of a data field, a suffix at its start, or a piece fully inside it.
/// </summary>
public sealed class SecretSubstitution
{
    private const int MinimumPiece = 3;
    private readonly List<(byte[] From, byte[] To)> _pairs = [];

    public void Add(byte[] from, byte[] to)
    {
        if (from.Length != to.Length) throw new ArgumentException("substituted values must have the same length");
        if (!from.AsSpan().SequenceEqual(to)) _pairs.Add((from, to));
    }

    public byte[] Apply(byte[] data)
    {
        var result = (byte[])data.Clone();
        foreach (var (from, to) in _pairs) ApplyOne(result, from, to);
        return result;
    }

    private static void ApplyOne(byte[] d, byte[] s, byte[] t)
    {
        // whole occurrences
        for (var i = 0; i + s.Length <= d.Length; i++)
        {
            if (!d.AsSpan(i, s.Length).SequenceEqual(s)) continue;
            t.CopyTo(d, i);
            i += s.Length - 1;
        }
        if (d.Length < s.Length && d.Length >= MinimumPiece)
        {
            var inside = s.AsSpan().IndexOf(d);
            if (inside >= 0)
            {
                t.AsSpan(inside, d.Length).CopyTo(d);
                return;
            }
        }
        // a prefix of s ending the data
        for (var m = Math.Min(s.Length - 1, d.Length); m >= MinimumPiece; m--)
        {
            if (!d.AsSpan(d.Length - m).SequenceEqual(s.AsSpan(0, m))) continue;
            t.AsSpan(0, m).CopyTo(d.AsSpan(d.Length - m));
            break;
        }
        // a suffix of s starting the data
        for (var m = Math.Min(s.Length - 1, d.Length); m >= MinimumPiece; m--)
        {
            if (!d.AsSpan(0, m).SequenceEqual(s.AsSpan(s.Length - m))) continue;
            t.AsSpan(s.Length - m).CopyTo(d);
            break;
        }
    }
}
