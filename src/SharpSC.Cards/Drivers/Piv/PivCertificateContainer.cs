using System.Globalization;
using System.IO.Compression;
using SharpSC.Cards.Errors;
using SharpSC.Cards.Tlv;
using static SharpSC.Cards.Drivers.Piv.PivConstants;

namespace SharpSC.Cards.Drivers.Piv;

/// <summary>
/// The certificate data object (SP 800-73-4 Part 1 Table 10 and Appendix A): 70 certificate, 71 CertInfo
/// (bit 0: gzip-compressed), FE error detection code (empty). Reading treats the card's bytes as untrusted:
/// the container must parse, the gzip must inflate within <see cref="PivConstants.MaxInflatedCertificate"/>
/// bytes and the result must be one DER SEQUENCE.
/// </summary>
public static class PivCertificateContainer
{
    /// <summary>The DER certificate from the 53 value; <see cref="CardException"/> (UnexpectedResponse) when it is not one.</summary>
    public static byte[] Parse(ReadOnlyMemory<byte> content, out bool compressed)
    {
        var elements = BerTlv.Parse(content, skipPadding: false);
        var certificate = BerTlv.Find(elements, TagCertificate)
            ?? throw CardException.Malformed("certificate object without a certificate (tag 70).");
        var info = BerTlv.Find(elements, TagCertInfo);
        compressed = info is { Length: > 0 } i && (i.Span[0] & CertInfoCompressed) != 0;
        var der = compressed ? Inflate(certificate.Span) : certificate.ToArray();
        RequireDerSequence(der);
        return der;
    }

    /// <summary>53's value for a certificate: 70 cert (gzip when <paramref name="compress"/>), 71 CertInfo, FE empty.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> certificate, bool compress)
    {
        var list = new List<byte>(certificate.Length + 16);
        BerTlv.Write(list, TagCertificate, compress ? Deflate(certificate) : certificate);
        BerTlv.Write(list, TagCertInfo, [compress ? CertInfoCompressed : (byte)0x00]);
        BerTlv.Write(list, TagErrorDetection, []);
        return list.ToArray();
    }

    private static byte[] Inflate(ReadOnlySpan<byte> gzip)
    {
        try
        {
            using var input = new MemoryStream(gzip.ToArray());
            using var inflater = new GZipStream(input, CompressionMode.Decompress);
            var output = new byte[MaxInflatedCertificate + 1];
            var total = 0;
            int n;
            while ((n = inflater.Read(output, total, output.Length - total)) > 0)
            {
                total += n;
                if (total > MaxInflatedCertificate)
                    throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture,
                        $"the compressed certificate inflates beyond {MaxInflatedCertificate} bytes."));
            }
            return output.AsSpan(0, total).ToArray();
        }
        catch (InvalidDataException e)
        {
            throw CardException.Malformed("the compressed certificate is not valid gzip: " + e.Message);
        }
    }

    private static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var deflater = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            deflater.Write(data);
        return output.ToArray();
    }

    private static void RequireDerSequence(byte[] der)
    {
        var elements = BerTlv.Parse(der, skipPadding: false);
        if (elements.Count != 1 || elements[0].Tag != 0x30)
            throw CardException.Malformed(string.Create(CultureInfo.InvariantCulture,
                $"the certificate object holds {der.Length} bytes that are not one DER SEQUENCE."));
    }
}
