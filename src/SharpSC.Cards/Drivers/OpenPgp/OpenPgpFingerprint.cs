using Org.BouncyCastle.Crypto.Digests;

namespace SharpSC.Cards.Drivers.OpenPgp;

/// <summary>
/// The version 4 fingerprint of a card key (RFC 4880 §12.2), computed as GnuPG does after generating a key on
/// the card (scd/app-openpgp.c store_fpr): SHA-1 over 0x99, the two-byte packet length and the public key packet
/// body: version 4, creation time, algorithm, then RSA n and e as MPIs, or ECC the curve OID (length-prefixed),
/// the point as an MPI (Ed25519 and Curve25519 with GnuPG's 0x40 prefix) and, for ECDH, the KDF parameters
/// (RFC 6637 §9). Writing it and the time to the card (C7-C9, CE-D0) is what makes GnuPG see the key.
/// </summary>
public static class OpenPgpFingerprint
{
    public static byte[] Compute(OpenPgpPublicKey key, uint creationTime)
    {
        var body = new List<byte>(600)
        {
            OpenPgpSpec.KeyPacketVersion4,
            (byte)(creationTime >> 24), (byte)(creationTime >> 16), (byte)(creationTime >> 8), (byte)creationTime,
        };
        var a = key.Attributes;
        if (key.IsRsa)
        {
            body.Add(OpenPgpSpec.Algorithm.Rsa);
            Mpi(body, key.Modulus!);
            Mpi(body, key.Exponent!);
        }
        else
        {
            body.Add(a.Raw[0]);
            var curve = a.Curve!;
            body.Add((byte)curve.OidBytes.Length);
            body.AddRange(curve.OidBytes);
            Mpi(body, curve.Kind == OpenPgpCurveKind.Weierstrass ? key.Point! : [OpenPgpSpec.NativePointPrefix, .. key.Point!]);
            if (a.Algorithm == OpenPgpAlgorithm.Ecdh) body.AddRange(KdfParameters(curve));
        }
        var digest = new Sha1Digest();
        digest.Update(OpenPgpSpec.FingerprintPacketTag);
        digest.Update((byte)(body.Count >> 8));
        digest.Update((byte)body.Count);
        digest.BlockUpdate(body.ToArray(), 0, body.Count);
        var output = new byte[OpenPgpSpec.FingerprintLength];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>KDF hash and key wrap cipher by curve size, as GnuPG chooses them (ecdh_params).</summary>
    public static byte[] KdfParameters(OpenPgpCurve curve) => curve.FieldBits switch
    {
        <= 256 => OpenPgpSpec.EcdhKdfSha256Aes128.ToArray(),
        <= 384 => OpenPgpSpec.EcdhKdfSha384Aes192.ToArray(),
        _ => OpenPgpSpec.EcdhKdfSha512Aes256.ToArray(),
    };

    /// <summary>An OpenPGP MPI: bit count (2 bytes) and the value without leading zero bytes.</summary>
    private static void Mpi(List<byte> output, byte[] value)
    {
        var i = 0;
        while (i < value.Length && value[i] == 0) i++;
        var bits = OpenPgpPublicKey.BitLength(value);
        output.Add((byte)(bits >> 8));
        output.Add((byte)bits);
        output.AddRange(value.AsSpan(i).ToArray());
    }
}
