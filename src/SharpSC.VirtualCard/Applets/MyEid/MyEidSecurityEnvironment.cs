using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Applets.MyEid;

/// <summary>
/// What MANAGE SECURITY ENVIRONMENT set (ISO 7816-4 §7.5.11 as MyEID uses it): the template (P2 B6 signature,
/// B8 confidentiality, A4 authentication = ECDH), P1 81 for encipher/wrap, the algorithm (80), the key file (81),
/// an unwrap target file (83/84 with two bytes) and an initial vector (87).
/// </summary>
internal sealed record MyEidSecurityEnvironment(byte Template, bool Encipher, byte Algorithm, MyEidFile KeyFile, MyEidFile? Target, byte[]? Iv)
{
    public const byte SignatureTemplate = 0xB6;
    public const byte ConfidentialityTemplate = 0xB8;
    public const byte AuthenticationTemplate = 0xA4;

    /// <summary>
    /// Parses MSE SET (P1 41 with B6/B8/A4, or 81 with B8). The key file is looked up among the EFs of the current
    /// DF (6A88 when absent). Missing algorithm or key file: 6A81; unknown tags: 6A80; bad lengths: 6984.
    /// </summary>
    public static MyEidSecurityEnvironment Parse(byte p1, byte p2, ReadOnlySpan<byte> data, Func<ushort, MyEidFile?> findEf)
    {
        bool encipher;
        if (p1 == 0x81)
        {
            if (p2 != ConfidentialityTemplate) throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
            encipher = true;
        }
        else if (p1 == 0x41)
        {
            if (p2 is not (SignatureTemplate or ConfidentialityTemplate or AuthenticationTemplate))
                throw IsoException.Of(StatusWords.ConditionsNotSatisfied);
            encipher = false;
        }
        else
        {
            throw IsoException.Of(StatusWords.FunctionNotSupported);
        }

        byte? algorithm = null;
        MyEidFile? key = null, target = null;
        byte[]? iv = null;
        var pos = 0;
        while (pos < data.Length)
        {
            var tag = data[pos++];
            if (tag is 0x00 or 0xFF) continue;
            if (pos >= data.Length) break;
            int len = data[pos++];
            if (len > 16 || pos + len > data.Length) throw IsoException.Of(StatusWords.DataInvalid);
            var value = data.Slice(pos, len);
            pos += len;
            switch (tag)
            {
                case 0x80:
                    if (len != 1) throw IsoException.Of(StatusWords.FunctionNotSupported);
                    if (value[0] is not (MyEidAlgorithms.Raw or MyEidAlgorithms.Pkcs1 or MyEidAlgorithms.Pkcs1Sha1 or MyEidAlgorithms.Ecc
                        or MyEidAlgorithms.Wrap or MyEidAlgorithms.WrapPkcs7))
                        throw IsoException.Of(StatusWords.FunctionNotSupported);
                    algorithm = value[0];
                    break;
                case 0x81:
                    if (len != 2) throw IsoException.Of(StatusWords.FunctionNotSupported);
                    key = findEf((ushort)(value[0] << 8 | value[1])) ?? throw IsoException.Of(StatusWords.ReferencedDataNotFound);
                    break;
                case 0x83:
                case 0x84:
                    if (len == 2)
                        target = findEf((ushort)(value[0] << 8 | value[1])) ?? throw IsoException.Of(StatusWords.ReferencedDataNotFound);
                    else if (len != 1 || value[0] != 0) // one key per file: the key reference in it is always 0
                        throw IsoException.Of(StatusWords.FunctionNotSupported);
                    break;
                case 0x87:
                    iv = value.ToArray();
                    break;
                default:
                    throw IsoException.Of(StatusWords.WrongData);
            }
        }
        if (algorithm == null || key == null) throw IsoException.Of(StatusWords.FunctionNotSupported);
        return new MyEidSecurityEnvironment(p2, encipher, algorithm.Value, key, target, iv);
    }
}
