using SharpSC.Pkcs15;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// The PKCS#15 DER codecs and the loader: the first input byte picks one file of the real IsoApplet card
/// (EF.DIR, ODF, TokenInfo, AODF, PrKDF, PuKDF, CDF, public keys, certificate), the rest replaces its
/// content; the card is loaded and dumped as the CLI and the module would, and the bytes are also decoded
/// as every kind of directory file. Only <see cref="Pkcs15FormatException"/> may come out.
/// </summary>
public sealed class Pkcs15Target : FuzzTarget
{
    public override string Name => "pkcs15";

    protected override void Execute(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var files = Fixtures.IsoAppletFiles.ToDictionary(f => f.Path, f => f.Content, StringComparer.OrdinalIgnoreCase);
        var victim = Fixtures.IsoAppletFiles[input[0] % Fixtures.IsoAppletFiles.Count].Path;
        var data = input[1..].ToArray();
        files[victim] = data;
        byte[]? Read(string path) => files.TryGetValue(path, out var b) ? b : null;

        try
        {
            var app = Pkcs15Loader.Load(Read);
            Pkcs15Dump.Format(app, Read);
        }
        catch (Pkcs15FormatException)
        {
        }
        try
        {
            Pkcs15Codec.DecodeEfDir(data);
        }
        catch (Pkcs15FormatException)
        {
        }
        try
        {
            Pkcs15Codec.DecodeTokenInfo(data);
        }
        catch (Pkcs15FormatException)
        {
        }
        foreach (var kind in Enum.GetValues<DirectoryKind>())
        {
            try
            {
                var objects = Pkcs15Codec.DecodeDirectory(kind, data);
                Pkcs15Codec.EncodeDirectory(objects); // what decodes must encode again (unknown entries verbatim)
            }
            catch (Pkcs15FormatException)
            {
            }
        }
    }

    protected override bool IsPromisedFailure(Exception e) => e is Pkcs15FormatException;

    public override IEnumerable<byte[]> Seeds() =>
        Fixtures.IsoAppletFiles.Select((f, i) => (byte[])[(byte)i, .. f.Content.AsSpan(0, UsedLength(f.Content))]);

    // The files are zero-padded to their size; the seed keeps the used part (AFL works better on short inputs).
    private static int UsedLength(byte[] content)
    {
        var n = content.Length;
        while (n > 0 && content[n - 1] == 0) n--;
        return Math.Min(content.Length, n + 2);
    }
}
