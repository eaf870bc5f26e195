using Org.BouncyCastle.Crypto;
using SharpSC.Pkcs11.Mechanisms;

namespace SharpSC.Pkcs11.Operations;

/// <summary>C_Digest* in software.</summary>
internal sealed class DigestOperation(ulong mechanism)
{
    private readonly IDigest _digest = Digests.Create(mechanism);

    public bool MultiPart { get; private set; }

    public int Length => _digest.GetDigestSize();

    public void Update(ReadOnlySpan<byte> data)
    {
        MultiPart = true;
        _digest.BlockUpdate(data);
    }

    public byte[] Final()
    {
        var output = new byte[_digest.GetDigestSize()];
        _digest.DoFinal(output);
        return output;
    }

    public byte[] Once(ReadOnlySpan<byte> data)
    {
        _digest.BlockUpdate(data);
        return Final();
    }
}
