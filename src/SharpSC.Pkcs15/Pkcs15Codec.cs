using SharpSC.Pkcs15.Asn1;
using SharpSC.Pkcs15.Codecs;
using SharpSC.Pkcs15.Files;
using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15;

/// <summary>
/// Decode and encode the PKCS#15 files. Decoding throws only <see cref="Pkcs15FormatException"/>;
/// <paramref name="source"/> names the file in its message. Encoding writes strict DER without padding;
/// encoding a model that cannot be written (e.g. an RSA key without modulus length) throws <see cref="ArgumentException"/>.
/// </summary>
public static class Pkcs15Codec
{
    public static EfDir DecodeEfDir(ReadOnlyMemory<byte> data, string source = "EF.DIR") =>
        EfDirCodec.Read(new DerReader(data, source));

    public static byte[] EncodeEfDir(EfDir dir) => Write(w => EfDirCodec.Write(w, dir));

    public static Odf DecodeOdf(ReadOnlyMemory<byte> data, string source = "EF(ODF)") =>
        OdfCodec.Read(new DerReader(data, source));

    public static byte[] EncodeOdf(Odf odf) => Write(w => OdfCodec.Write(w, odf));

    public static TokenInfo DecodeTokenInfo(ReadOnlyMemory<byte> data, string source = "EF(TokenInfo)") =>
        TokenInfoCodec.Read(new DerReader(data, source));

    public static byte[] EncodeTokenInfo(TokenInfo info) => Write(w => TokenInfoCodec.Write(w, info));

    /// <summary>The entries of a directory file, up to the end of the data or the first 00/FF padding byte.</summary>
    public static ValueList<Pkcs15Object> DecodeDirectory(DirectoryKind kind, ReadOnlyMemory<byte> data, string? source = null) =>
        DecodeDirectory(kind, data, source, out _);

    /// <param name="usedLength">Bytes taken by the entries (where the padding starts).</param>
    public static ValueList<Pkcs15Object> DecodeDirectory(DirectoryKind kind, ReadOnlyMemory<byte> data, string? source, out int usedLength) =>
        DirectoryCodec.Read(kind, new DerReader(data, source ?? kind.ShortName()), out usedLength);

    /// <summary>The entries one after the other, without padding.</summary>
    public static byte[] EncodeDirectory(IEnumerable<Pkcs15Object> objects) => Write(w =>
    {
        foreach (var obj in objects)
            DirectoryCodec.Write(w, obj);
    });

    public static byte[] EncodeObject(Pkcs15Object obj) => Write(w => DirectoryCodec.Write(w, obj));

    /// <summary><paramref name="encoded"/> followed by 00 bytes up to <paramref name="fileSize"/> (how OpenSC fills a fixed-size EF).</summary>
    public static byte[] PadToFileSize(ReadOnlySpan<byte> encoded, int fileSize)
    {
        if (encoded.Length > fileSize)
            throw new ArgumentException($"{encoded.Length} bytes do not fit in a file of {fileSize} bytes", nameof(fileSize));
        var padded = new byte[fileSize];
        encoded.CopyTo(padded);
        return padded;
    }

    private static byte[] Write(Action<DerWriter> write)
    {
        var writer = new DerWriter();
        write(writer);
        return writer.ToArray();
    }
}
