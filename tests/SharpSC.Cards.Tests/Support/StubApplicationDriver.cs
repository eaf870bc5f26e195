using SharpSC.Cards.Apdu;
using SharpSC.Cards.Drivers;
using SharpSC.Cards.Files;
using SharpSC.Cards.Registry;
using SharpSC.Cards.Transport;

namespace SharpSC.Cards.Tests.Support;

/// <summary>
/// An application selected by a one-byte AID (SELECT 00 A4 04 00 01 aid), for registry and selection tests:
/// its probe and its <see cref="SelectApplication"/> send that SELECT; <see cref="Ping"/> sends 00 CA 00 aid.
/// </summary>
public sealed class StubApplicationDriver : CardDriver
{
    private readonly bool _selectsAtEveryTransaction;

    private StubApplicationDriver(ApduChannel channel, string name, byte aid, bool selectsAtEveryTransaction) : base(channel)
    {
        Name = name;
        Aid = aid;
        _selectsAtEveryTransaction = selectsAtEveryTransaction;
        ApplicationSelected = true;
    }

    public byte Aid { get; }

    public override string Name { get; }

    public override string Version => "stub";

    public override CardCapabilities Capabilities { get; } = new() { IsReadOnly = true };

    protected override CardPath ApplicationPath => CardPath.MasterFile;

    protected override bool SelectsAtEveryTransaction => _selectsAtEveryTransaction;

    public static string Select(byte aid) => $"00A4040001{aid:X2}";

    public static string PingCommand(byte aid) => $"00CA00{aid:X2}";

    /// <summary>A row of the driver table for this application.</summary>
    public static DriverEntry Row(string name, byte aid, IReadOnlyList<string>? sharesCardWith = null, bool selectsAtEveryTransaction = false) =>
        new(name, "stub " + name, [], (ApduChannel channel, out string reason) =>
        {
            var answer = channel.Transmit(Command(aid));
            reason = $"SELECT {aid:X2} answered {answer.StatusWord:X4}";
            return answer.IsSuccess ? new StubApplicationDriver(channel, name, aid, selectsAtEveryTransaction) : null;
        })
        { SharesCardWith = sharesCardWith ?? [] };

    /// <summary>One command of this application (after selecting it when it is not selected).</summary>
    public void Ping() => Run("PING", () => { Send("PING", new CommandApdu(0x00, 0xCA, 0x00, Aid)); });

    protected override void SelectApplication()
    {
        Send("SELECT " + Name, Command(Aid));
        ApplicationSelected = true;
    }

    private static CommandApdu Command(byte aid) => new(0x00, InsSelect, 0x04, 0x00, (byte[])[aid]);
}
