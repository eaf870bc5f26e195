using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using SharpSC.Pkcs11.Mechanisms;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using static SharpSC.Pkcs11.Constants.CKF;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Operations;

/// <summary>C_Encrypt* in software with an RSA public key: PKCS#1 v1.5 or OAEP (PKCS#11 3.0 §2.1.6, §2.1.8).</summary>
internal sealed class EncryptOperation
{
    private readonly IAsymmetricBlockCipher _cipher;
    private readonly MemoryStream _buffer = new();

    private EncryptOperation(IAsymmetricBlockCipher cipher, int outputLength)
    {
        _cipher = cipher;
        OutputLength = outputLength;
    }

    public int OutputLength { get; }

    public bool MultiPart { get; private set; }

    public static EncryptOperation Start(Mechanism mechanism, KeyObject key, TokenDescription token)
    {
        var spec = MechanismRules.Require(mechanism, token, CKF_ENCRYPT);
        MechanismRules.RequireKeyKind(spec, key);
        var canEncrypt = key is PublicKeyObject pub && (pub.Usage.HasFlag(KeyUsage.Encrypt) || pub.Usage.HasFlag(KeyUsage.Wrap) || pub.Usage == KeyUsage.None);
        MechanismRules.RequireUsage(key, canEncrypt, "encryption");
        IAsymmetricBlockCipher cipher;
        if (spec.Type == CKM_RSA_PKCS_OAEP)
        {
            var p = MechanismRules.RequireOaep(mechanism);
            cipher = new OaepEncoding(new RsaEngine(), Digests.Create(p.HashAlgorithm), Digests.Create(Digests.HashForMgf1(p.Mgf)), p.SourceData);
        }
        else if (spec.Type == CKM_RSA_X_509)
        {
            MechanismRules.RequireNoParameters(mechanism);
            cipher = new RawRsa();
        }
        else
        {
            MechanismRules.RequireNoParameters(mechanism);
            cipher = new Pkcs1Encoding(new RsaEngine());
        }
        cipher.Init(true, new Org.BouncyCastle.Crypto.Parameters.ParametersWithRandom(SoftwareKeys.Rsa(key), new Org.BouncyCastle.Security.SecureRandom(new Drbg.SystemRandomGenerator())));
        return new EncryptOperation(cipher, MechanismRules.KeyBytes(key));
    }

    public void Update(ReadOnlySpan<byte> data)
    {
        MultiPart = true;
        Append(data);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_buffer.Length + data.Length > _cipher.GetInputBlockSize())
            throw new Pkcs11Exception(CKR_DATA_LEN_RANGE, $"at most {_cipher.GetInputBlockSize()} bytes can be encrypted with this key and mechanism");
        _buffer.Write(data);
    }

    public byte[] Finish(ReadOnlySpan<byte> lastPart)
    {
        Append(lastPart);
        var data = _buffer.ToArray();
        var output = _cipher.ProcessBlock(data, 0, data.Length);
        if (output.Length == OutputLength) return output;
        var padded = new byte[OutputLength];
        output.CopyTo(padded, OutputLength - output.Length);
        return padded;
    }
}
