using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace SharpSC.Pkcs15;

/// <summary>
/// SHA-1 and SHA-256 in managed code (BouncyCastle). System.Security.Cryptography would load OpenSSL
/// into the host process on Linux — a few megabytes and milliseconds for every browser or agent
/// that loads the module, for hashes this small.
/// </summary>
public static class Hashes
{
    public static byte[] Sha1(ReadOnlySpan<byte> data) => Hash(new Sha1Digest(), data);

    public static byte[] Sha256(ReadOnlySpan<byte> data) => Hash(new Sha256Digest(), data);

    private static byte[] Hash(IDigest digest, ReadOnlySpan<byte> data)
    {
        digest.BlockUpdate(data);
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output);
        return output;
    }
}
