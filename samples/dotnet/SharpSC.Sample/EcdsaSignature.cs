using System.Formats.Asn1;

namespace SharpSC.Sample;

/// <summary>PKCS#11 returns ECDSA signatures as r ‖ s (PKCS#11 §2.3.1); OpenSSL and X.509 want the DER ECDSA-Sig-Value.</summary>
public static class EcdsaSignature
{
    public static byte[] ToDer(byte[] raw)
    {
        var half = raw.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(Minimal(raw.AsSpan(0, half)));
            writer.WriteIntegerUnsigned(Minimal(raw.AsSpan(half)));
        }
        return writer.Encode();
    }

    // DER integers carry no leading zero bytes (AsnWriter refuses them).
    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> value)
    {
        while (value.Length > 1 && value[0] == 0) value = value[1..];
        return value;
    }
}
