using SharpSC.Cards.Apdu;
using SharpSC.Cards.Files;
using SharpSC.Cards.Keys;
using SharpSC.Cards.Security;
using SharpSC.Cards.Transport;

namespace SharpSC.Cards.Drivers.Pkcs15;

/// <summary>
/// Any ISO 7816 card that carries a PKCS#15 application (ISO/IEC 7816-15), read-only: files through ISO
/// SELECT / READ BINARY, PIN through ISO VERIFY with the reference PKCS#15 gives, signing and deciphering by
/// key reference through ISO MSE SET (with the PKCS#15 algorithm reference when given) and PSO.
/// </summary>
public sealed class GenericPkcs15Driver : CardDriver
{
    public const string DriverName = "Generic PKCS#15";

    /// <summary>The PKCS#15 application AID (ISO/IEC 7816-15), A0 00 00 00 63 50 4B 43 53 2D 31 35.</summary>
    public static ReadOnlySpan<byte> Pkcs15Aid => [0xA0, 0x00, 0x00, 0x00, 0x63, 0x50, 0x4B, 0x43, 0x53, 0x2D, 0x31, 0x35];

    private static readonly CardCapabilities ReadOnlyCapabilities = new()
    {
        Features = CardFeatures.None,
        IsReadOnly = true,
        Algorithms =
        [
            new SupportedAlgorithm(KeyAlgorithm.Rsa, 0, null, [SignatureAlgorithm.RsaPkcs1], [DecipherAlgorithm.RsaPkcs1], false, false),
            new SupportedAlgorithm(KeyAlgorithm.Ec, 0, null, [SignatureAlgorithm.Ecdsa, SignatureAlgorithm.EcdsaSha1], [], false, false),
        ],
        MaxReadChunk = CommandApdu.MaxShortNe,
        MaxWriteChunk = CommandApdu.MaxShortData,
        SerialNumberNote = "read the serial number from the PKCS#15 TokenInfo",
    };

    private GenericPkcs15Driver(ApduChannel channel, CardPath application, string how) : base(channel)
    {
        Application = application;
        Version = how;
        ApplicationSelected = true;
        CurrentDf = application;
    }

    /// <summary>The PKCS#15 application DF: by AID, or the absolute path EF.DIR gives.</summary>
    public CardPath Application { get; }

    public override string Name => DriverName;

    /// <summary>How the application was found ("selected by AID", "EF.DIR path 3F005015").</summary>
    public override string Version { get; }

    public override CardCapabilities Capabilities => ReadOnlyCapabilities;

    protected override CardPath ApplicationPath => Application;

    /// <summary>Finds the PKCS#15 application: SELECT by AID, else EF.DIR (3F00 2F00) lists it.</summary>
    public static GenericPkcs15Driver? TryConnect(ApduChannel channel, out string reason)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var byAid = channel.Transmit(SelectAidCommand());
        if (byAid.IsSuccess)
        {
            reason = "PKCS#15 application selected by AID";
            return new GenericPkcs15Driver(channel, CardPath.FromAid(Pkcs15Aid), "selected by AID");
        }
        var dir = channel.Transmit(new CommandApdu(0x00, InsSelect, 0x08, SelectReturnFci, (byte[])[0x2F, 0x00], CommandApdu.MaxShortNe));
        if (!dir.IsSuccess)
        {
            reason = $"SELECT PKCS#15 AID answered {byAid.StatusWord:X4}, SELECT EF.DIR {dir.StatusWord:X4}";
            return null;
        }
        var size = CardFileInfo.Parse(EfDirRecord.EfDirPath, dir.Data).Size ?? CommandApdu.MaxShortNe;
        var content = channel.Transmit(new CommandApdu(0x00, InsReadBinary, 0x00, 0x00, ne: Math.Min(size, CommandApdu.MaxShortNe)));
        if (!content.IsSuccess)
        {
            reason = $"READ BINARY EF.DIR answered {content.StatusWord:X4}";
            return null;
        }
        foreach (var record in EfDirRecord.ParseAll(content.Data))
        {
            if (!record.Aid.AsSpan().SequenceEqual(Pkcs15Aid))
                continue;
            var application = record.Path ?? CardPath.FromAid(Pkcs15Aid);
            var driver = new GenericPkcs15Driver(channel, application, "EF.DIR " + application);
            driver.ApplicationSelected = false; // EF.DIR was read, the application DF is not selected yet
            reason = "PKCS#15 application listed in EF.DIR at " + application;
            return driver;
        }
        reason = "EF.DIR lists no PKCS#15 application";
        return null;
    }

    public static GenericPkcs15Driver Connect(ICardTransport transport) =>
        TryConnect(new ApduChannel(transport), out var reason)
        ?? throw new Errors.CardException(Errors.CardError.FileNotFound, $"No PKCS#15 application on the card in {transport.ReaderName}: {reason}.");

    protected override void SelectApplication()
    {
        if (Application.HasAid && Application.Fids.IsEmpty)
            Send("SELECT PKCS#15 application", SelectAidCommand());
        else
            SelectOnCard(Application, SelectReturnNothing);
        ApplicationSelected = true;
        CurrentDf = Application;
        CurrentEf = null;
        CurrentSecurityEnvironment = null;
    }

    /// <summary>ECDSA-SHA1: the host hashes, the card signs the hash (ISO cards take pre-hashed input).</summary>
    protected override byte[] ComputeSignature(CardKey key, SignatureAlgorithm algorithm, byte[] input) =>
        algorithm == SignatureAlgorithm.EcdsaSha1
            ? base.ComputeSignature(key, SignatureAlgorithm.Ecdsa, Sha1(input))
            : base.ComputeSignature(key, algorithm, input);

    // SHA-1 in managed code: System.Security.Cryptography's goes through OpenSSL on Linux (docs/ARCHITECTURE.md).
    private static byte[] Sha1(byte[] input)
    {
        var digest = new Org.BouncyCastle.Crypto.Digests.Sha1Digest();
        digest.BlockUpdate(input);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash);
        return hash;
    }

    private static CommandApdu SelectAidCommand() => new(0x00, InsSelect, 0x04, SelectReturnFci, Pkcs15Aid.ToArray(), CommandApdu.MaxShortNe);
}
