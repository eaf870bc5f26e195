using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace SharpSC.VirtualCard.Applets.Piv;

/// <summary>
/// The card management key (key reference 9B): 3DES (factory default) or AES-128/192/256 on firmware 5.4,
/// used in ECB on single blocks for the witness and challenge of GENERAL AUTHENTICATE (SP 800-73-4 Part 2 Appendix A.1).
/// </summary>
internal sealed class PivManagementKey(byte algorithm, byte[] key, byte touchPolicy)
{
    public byte Algorithm { get; } = algorithm;
    public byte[] Key { get; } = key;
    public byte TouchPolicy { get; } = touchPolicy;

    public int BlockSize => Algorithm == PivSpec.Alg3Des ? 8 : 16;

    public bool IsDefault => Algorithm == PivSpec.Alg3Des && Key.AsSpan().SequenceEqual(PivSpec.DefaultManagementKey);

    public static PivManagementKey FactoryDefault() =>
        new(PivSpec.Alg3Des, (byte[])PivSpec.DefaultManagementKey.Clone(), PivSpec.TouchPolicyNever);

    public byte[] Encrypt(ReadOnlySpan<byte> block) => Process(true, block);

    public byte[] Decrypt(ReadOnlySpan<byte> block) => Process(false, block);

    private byte[] Process(bool encrypt, ReadOnlySpan<byte> block)
    {
        IBlockCipher cipher = Algorithm == PivSpec.Alg3Des ? new DesEdeEngine() : new AesEngine();
        cipher.Init(encrypt, new KeyParameter(Key));
        var output = new byte[BlockSize];
        cipher.ProcessBlock(block.ToArray(), 0, output, 0);
        return output;
    }
}
