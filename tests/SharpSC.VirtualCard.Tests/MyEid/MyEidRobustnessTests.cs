using SharpSC.VirtualCard.Applets.MyEid;

namespace SharpSC.VirtualCard.Tests.MyEid;

/// <summary>The emulated card answers any byte string with a status word and never throws (the vcard must not die).</summary>
public sealed class MyEidRobustnessTests
{
    private static readonly byte[] Instructions =
        [0x0E, 0x20, 0x22, 0x24, 0x2A, 0x2C, 0x2E, 0x44, 0x46, 0x84, 0x86, 0xA4, 0xB0, 0xC0, 0xCA, 0xD6, 0xDA, 0xE0, 0xE4, 0x70, 0xFF];

    [Fact]
    public void Random_commands_get_status_words_and_leave_a_loadable_state()
    {
        var t = new MyEidTestCard();
        t.Personalise();
        t.Verify(1, MyEidTestCard.UserPin);
        t.CreateKeyFile("4B01", 0x11, 512);
        t.Expect("004600000730058103010001");
        t.CreateKeyFile("4B02", 0x22, 256);
        t.Expect("00460000");
        t.CreateEf("4401", 64);
        var random = new Random(0x4D79);
        for (var i = 0; i < 20000; i++)
        {
            var apdu = Command(random);
            var answer = t.Card.Process(apdu);
            Assert.True(answer.Length >= 2, $"> {Convert.ToHexString(apdu)}: answer of {answer.Length} bytes");
            if (i % 2000 == 0)
            {
                // Whatever the commands did, the state saves and loads back.
                var copy = MyEidCard.FromState(t.Card.SaveState());
                Assert.True(copy.Process(Convert.FromHexString("00A40000023F0000")).Length >= 2);
            }
        }
    }

    // Mostly well-formed commands of the card's instructions with random parameters and data, sometimes raw bytes.
    private static byte[] Command(Random random)
    {
        if (random.Next(10) == 0)
        {
            var raw = new byte[random.Next(0, 12)];
            random.NextBytes(raw);
            return raw;
        }
        byte cla = random.Next(8) switch { 0 => 0x10, 1 => 0xA0, 2 => 0x80, _ => 0x00 };
        var ins = Instructions[random.Next(Instructions.Length)];
        byte p1 = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)random.Next(0, 10);
        byte p2 = (byte)random.Next(256);
        if (ins == 0xA4 && random.Next(2) == 0) (p1, p2) = ((byte)0x08, (byte)0x00);
        var data = new byte[random.Next(3) switch { 0 => 0, 1 => random.Next(1, 24), _ => random.Next(1, 256) }];
        random.NextBytes(data);
        if (data.Length > 4 && random.Next(3) == 0) { data[0] = 0x62; data[1] = (byte)(data.Length - 2); }
        if (data.Length > 4 && random.Next(3) == 0) { data[0] = 0x50; data[1] = 0x15; }
        byte[] head = [cla, ins, p1, p2];
        var le = random.Next(3) switch { 0 => (int?)null, 1 => 0, _ => random.Next(1, 256) };
        if (data.Length == 0) return le is int l ? [.. head, (byte)l] : head;
        return le is int n ? [.. head, (byte)data.Length, .. data, (byte)n] : [.. head, (byte)data.Length, .. data];
    }
}
