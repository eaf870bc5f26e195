using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.VirtualCard;

/// <summary>
/// The Yubico-named vpcd readers (packaging/pcscd/sharpsc-yubico-vpcd, installed by ./build.sh setup) that
/// ykcs11 needs: a virtual card goes into them like into the Debian package's pair. Fails with what to do
/// when pcscd runs without them.
/// </summary>
[Collection("pcsc")] // shares pcscd with every full-stack test (PcscCollection in main)
public sealed class YubicoReaderTests
{
    [VcardFact]
    public void ACardInTheYubicoNamedReader_IsSeenThereThroughPcscd()
    {
        var (name, port) = Pcscd.YubicoReaders[0];
        Assert.Equal("Yubico YubiKey vpcd 00 00", name);
        using var dir = new TempDir("vcard-yubico");
        using var card = VirtualCardProcess.Start(port, dir.File("card.state"), "v1");
        Assert.Equal(name, card.ReaderName);
        var readers = ProcessRunner.Run("opensc-tool", "--list-readers").StdOut;
        Assert.Contains(readers.Split('\n'), l => l.EndsWith(name, StringComparison.Ordinal) && l.Contains(" Yes ", StringComparison.Ordinal));
        Assert.Contains(readers.Split('\n'), l => l.EndsWith(Pcscd.YubicoReaders[1].Name, StringComparison.Ordinal));
        using var pcsc = new PcscTestClient(name);
        Assert.Equal("9000", Convert.ToHexString(pcsc.Transmit(Convert.FromHexString("00A404000CF276A288BCFBA69D34F31001"))));
    }
}
