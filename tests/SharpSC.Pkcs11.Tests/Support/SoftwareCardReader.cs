using SharpSC.Cards.Drivers;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Transport;
using SharpSC.Pkcs11.Tests.MultiApplication;

namespace SharpSC.Pkcs11.Tests.Support;

/// <summary>
/// One in-process reader whose card the driver table always recognises as a "software card" application, so
/// the engine opens a <see cref="SoftwareTokenDevice"/> for it. No APDU is ever sent.
/// </summary>
internal static class SoftwareCardReader
{
    public const string ReaderName = "SharpSC Test Reader 00";

    public static FakeReaders Readers() => new FakeReaders().Add(ReaderName, new MuteTransport());

    public static DriverRegistry Drivers { get; } = new(
    [
        new DriverEntry("Software card", "the test's software card", [],
            (ApduChannel channel, out string reason) =>
            {
                reason = "software card";
                return new SoftwareCardDriver(channel);
            }),
    ]);

    private sealed class SoftwareCardDriver(ApduChannel channel) : CardDriver(channel)
    {
        public override string Name => "Software card";
        public override string Version => "";
        public override CardCapabilities Capabilities { get; } = new();
        protected override Cards.Files.CardPath ApplicationPath => Cards.Files.CardPath.MasterFile;
        protected override void SelectApplication() => ApplicationSelected = true;
    }

    private sealed class MuteTransport : ICardTransport
    {
        public ReadOnlyMemory<byte> Atr { get; } = new byte[] { 0x3B, 0x00 };
        public string ReaderName => SoftwareCardReader.ReaderName;
        public byte[] Transmit(ReadOnlySpan<byte> command) => throw new CardTransportException("the software card takes no APDU");
        public IDisposable BeginTransaction() => new Nothing();
        public void Dispose()
        {
        }

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
