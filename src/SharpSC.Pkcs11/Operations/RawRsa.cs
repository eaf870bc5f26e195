using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>
/// CKM_RSA_X_509 encryption (RFC 8017 §5.1.1 RSAEP): data^e mod n of a block up to the modulus length,
/// which must be below the modulus (CKR_DATA_INVALID).
/// </summary>
internal sealed class RawRsa : IAsymmetricBlockCipher
{
    private RsaKeyParameters? _key;

    public string AlgorithmName => "RSA/raw";

    public void Init(bool forEncryption, ICipherParameters parameters) =>
        _key = (RsaKeyParameters)(parameters is ParametersWithRandom r ? r.Parameters : parameters);

    public int GetInputBlockSize() => (_key!.Modulus.BitLength + 7) / 8;

    public int GetOutputBlockSize() => (_key!.Modulus.BitLength + 7) / 8;

    public byte[] ProcessBlock(byte[] inBuf, int inOff, int inLen)
    {
        var m = new BigInteger(1, inBuf, inOff, inLen);
        if (m.CompareTo(_key!.Modulus) >= 0) throw new Pkcs11Exception(CKR_DATA_INVALID, "the raw RSA input is not below the modulus");
        return m.ModPow(_key.Exponent, _key.Modulus).ToByteArrayUnsigned();
    }
}
