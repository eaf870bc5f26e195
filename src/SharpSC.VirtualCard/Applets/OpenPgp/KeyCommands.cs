using Org.BouncyCastle.Math;
using SharpSC.VirtualCard.Iso;
using SharpSC.VirtualCard.Runtime;

namespace SharpSC.VirtualCard.Applets.OpenPgp;

/// <summary>GENERATE ASYMMETRIC KEY PAIR (§7.2.14) and key import through PUT DATA 3FFF (§4.4.3.12).</summary>
internal sealed class KeyCommands(OpenPgpState state, SessionState session, ChangeTracker changes)
{
    /// <summary>
    /// P1 80 generates a key by the slot's attributes (PW3) and answers its public key; P1 81 reads the public
    /// key (always allowed; 6A88 without a key). The data is the control reference template naming the key.
    /// </summary>
    public Response Generate(CommandApdu c)
    {
        if (c.P2 != 0x00 || c.P1 is not (0x80 or 0x81)) throw IsoException.Of(StatusWords.IncorrectP1P2);
        var slot = SlotOfCrt(c.Data);
        var k = state[slot];
        if (c.P1 == 0x81)
            return Response.Ok(k.Key?.PublicKeyTemplate() ?? throw IsoException.Of(StatusWords.ReferencedDataNotFound));
        if (!session.Pw3) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        var a = k.Attributes;
        PgpKeyPair key = a.Curve switch
        {
            null => RsaKeyPair.Generate(a.ModulusBits),
            { IsEd25519: true } => Ed25519KeyPair.Generate(),
            { IsX25519: true } => X25519KeyPair.Generate(),
            var curve => EcKeyPair.Generate(curve),
        };
        Install(slot, key, KeyOrigin.Generated);
        return Response.Ok(key.PublicKeyTemplate());
    }

    /// <summary>
    /// PUT DATA (odd INS DB) 3FFF: the extended header list 4D { CRT, 7F48 private key template (tags and lengths),
    /// 5F48 the values concatenated }. RSA takes 91 e, 92 p, 93 q and checks 94 1/q mod p, 95 dP, 96 dQ, 97 n when
    /// sent; ECC takes 92 the private key and checks 99 the public key when sent.
    /// </summary>
    public Response Import(CommandApdu c)
    {
        if (c.P1P2 != PgpSpec.Tag.KeyImportList) throw IsoException.Of(StatusWords.IncorrectP1P2);
        if (!session.Pw3) throw IsoException.Of(StatusWords.SecurityStatusNotSatisfied);
        var outer = PgpTlv.Parse(c.Data);
        if (outer.Count != 1 || outer[0].Tag != PgpSpec.Tag.ExtendedHeaderList) throw IsoException.Of(StatusWords.WrongData);
        var header = PgpTlv.Parse(c.Data, outer[0].Offset, outer[0].Length);
        if (header.Count != 3 || header[1].Tag != PgpSpec.Tag.PrivateKeyTemplate || header[2].Tag != PgpSpec.Tag.ConcatenatedKeyData)
            throw IsoException.Of(StatusWords.WrongData);
        var slot = KeySlots.FromCrt((byte)header[0].Tag);
        var values = SplitValues(c.Data, header[1], header[2]);
        var a = state[slot].Attributes;
        PgpKeyPair key = a.Curve switch
        {
            null => ImportRsa(a, values),
            { IsEd25519: true } => Ed25519KeyPair.FromSeed(Require(values, 0x92), values.GetValueOrDefault(0x99)),
            { IsX25519: true } => X25519KeyPair.FromBigEndianScalar(Require(values, 0x92), values.GetValueOrDefault(0x99)),
            var curve => EcKeyPair.FromScalar(curve, Require(values, 0x92), values.GetValueOrDefault(0x99)),
        };
        Install(slot, key, KeyOrigin.Imported);
        return Response.Success;
    }

    private void Install(KeySlot slot, PgpKeyPair key, KeyOrigin origin)
    {
        state[slot].Replace(key, origin);
        if (slot == KeySlot.Signature) state.SignatureCounter = 0;
        changes.Mark();
    }

    /// <summary>The key named by a control reference template B6/B8/A4 (empty, or with 84 01 key reference).</summary>
    private static KeySlot SlotOfCrt(byte[] data)
    {
        var elements = PgpTlv.Parse(data);
        if (elements.Count != 1) throw IsoException.Of(StatusWords.WrongData);
        return KeySlots.FromCrt((byte)elements[0].Tag);
    }

    /// <summary>Pairs the tag/length list of 7F48 (lengths without values) with the bytes of 5F48.</summary>
    private static Dictionary<int, byte[]> SplitValues(byte[] data, PgpTlv.Element template, PgpTlv.Element concatenated)
    {
        var result = new Dictionary<int, byte[]>();
        var pos = template.Offset;
        var end = template.Offset + template.Length;
        var valuePos = concatenated.Offset;
        var valueEnd = concatenated.Offset + concatenated.Length;
        while (pos < end)
        {
            var tag = data[pos++];
            if (tag is < 0x91 or > 0x99 || pos >= end) throw IsoException.Of(StatusWords.WrongData);
            int length = data[pos++];
            if (length == 0x81 || length == 0x82)
            {
                var count = length - 0x80;
                if (end - pos < count) throw IsoException.Of(StatusWords.WrongData);
                length = count == 1 ? data[pos] : data[pos] << 8 | data[pos + 1];
                pos += count;
            }
            else if (length > 0x7F)
            {
                throw IsoException.Of(StatusWords.WrongData);
            }
            if (length > valueEnd - valuePos || !result.TryAdd(tag, data.AsSpan(valuePos, length).ToArray()))
                throw IsoException.Of(StatusWords.WrongData);
            valuePos += length;
        }
        if (valuePos != valueEnd) throw IsoException.Of(StatusWords.WrongData);
        return result;
    }

    private static RsaKeyPair ImportRsa(AlgorithmAttributes a, Dictionary<int, byte[]> values)
    {
        var e = Require(values, 0x91);
        if (new BigInteger(1, e).BitLength > a.ExponentBits) throw IsoException.Of(StatusWords.WrongData);
        var n = values.TryGetValue(0x97, out var modulus) ? new BigInteger(1, modulus) : null;
        var key = RsaKeyPair.FromPrimes(new BigInteger(1, e), new BigInteger(1, Require(values, 0x92)), new BigInteger(1, Require(values, 0x93)), a.ModulusBits, n);
        CheckOptional(values, 0x94, key.Key.QInv);
        CheckOptional(values, 0x95, key.Key.DP);
        CheckOptional(values, 0x96, key.Key.DQ);
        return key;
    }

    private static void CheckOptional(Dictionary<int, byte[]> values, int tag, BigInteger expected)
    {
        if (values.TryGetValue(tag, out var v) && !new BigInteger(1, v).Equals(expected)) throw IsoException.Of(StatusWords.WrongData);
    }

    private static byte[] Require(Dictionary<int, byte[]> values, int tag) =>
        values.TryGetValue(tag, out var v) && v.Length > 0 ? v : throw IsoException.Of(StatusWords.WrongData);
}
