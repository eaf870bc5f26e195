using SharpSC.VirtualCard.Applets.OpenPgp;
using SharpSC.VirtualCard.Runtime;
using SharpSC.VirtualCard.Iso;

namespace SharpSC.VirtualCard.Tests.OpenPgp;

/// <summary>Sends APDUs to the OpenPGP applet in a Java Card runtime (selected once at the start) and checks answers.</summary>
internal sealed class PgpCard : ApduPort
{
    public const string Select = "00A4040006D27600012401";
    public const string Pw1 = "313233343536";
    public const string Pw3 = "3132333435363738";

    public PgpCard(uint serial = 0x01020304) : this(new ChangeTracker(), c => new OpenPgpApplet(new OpenPgpState(OpenPgpState.DefaultManufacturer, serial), c))
    {
    }

    private PgpCard(ChangeTracker changes, Func<ChangeTracker, OpenPgpApplet> create) : this(changes, create(changes))
    {
    }

    private PgpCard(ChangeTracker changes, OpenPgpApplet applet) : this(changes, applet, new JavaCardRuntime([applet], _ => { }))
    {
    }

    private PgpCard(ChangeTracker changes, OpenPgpApplet applet, JavaCardRuntime runtime) : base(apdu => runtime.Process(apdu))
    {
        Changes = changes;
        Applet = applet;
        Runtime = runtime;
        Send(Select); // a terminated application answers 6285, tests say so themselves
    }

    /// <summary>The applet's change tracker: <see cref="ChangeTracker.Take"/> tells whether a command changed persistent state.</summary>
    public ChangeTracker Changes { get; }

    public OpenPgpApplet Applet { get; }

    public JavaCardRuntime Runtime { get; }

    /// <summary>The card after a restart of the virtual card (state written and read back).</summary>
    public PgpCard Restarted()
    {
        var saved = Applet.SaveState();
        return new PgpCard(new ChangeTracker(), c => OpenPgpApplet.Restore(saved, c));
    }

    /// <summary>Sends a command whose answer may come in 61xx pieces and joins them (as hosts do with GET RESPONSE).</summary>
    public byte[] Collect(byte[] apdu)
    {
        var (data, sw) = Send(apdu);
        var all = new List<byte>(data);
        while (sw >> 8 == 0x61)
        {
            (data, sw) = Send([0x00, 0xC0, 0x00, 0x00, (byte)sw]);
            all.AddRange(data);
        }
        Assert.True(sw == 0x9000, $"> {Hex.Format(apdu)}: {sw:X4}");
        return all.ToArray();
    }

    public void VerifyPw1Signature() => Ok("0020008106" + Pw1);

    public void VerifyPw1() => Ok("0020008206" + Pw1);

    public void VerifyPw3() => Ok("0020008308" + Pw3);

    public byte[] GetData(int tag) => Collect(Apdu(0x00, 0xCA, (byte)(tag >> 8), (byte)tag, ne: 256));

    public void PutData(int tag, byte[] value) => Ok(Apdu(0x00, 0xDA, (byte)(tag >> 8), (byte)tag, value));

    /// <summary>Writes algorithm attributes (PW3 verified) and generates the key; returns the 7F49 template.</summary>
    public byte[] Generate(byte crt, byte[]? attributes = null)
    {
        if (attributes != null) PutData(0xC1 + SlotIndex(crt), attributes);
        return Collect(Apdu(0x00, 0x47, 0x80, 0x00, [crt, 0x00], 256));
    }

    public byte[] ReadPublicKey(byte crt) => Collect(Apdu(0x00, 0x47, 0x81, 0x00, [crt, 0x00], 256));

    public byte[] Sign(byte[] input) => Collect(Apdu(0x00, 0x2A, 0x9E, 0x9A, input, 256));

    public byte[] Authenticate(byte[] input) => Collect(Apdu(0x00, 0x88, 0x00, 0x00, input, 256));

    public byte[] Decipher(byte[] data) => Collect(Apdu(0x00, 0x2A, 0x80, 0x86, data, 256, extended: data.Length > 255));

    public static int SlotIndex(byte crt) => crt switch { 0xB6 => 0, 0xB8 => 1, _ => 2 };

    /// <summary>Builds a command APDU (short when it fits, extended otherwise or when asked).</summary>
    public static byte[] Apdu(byte cla, byte ins, byte p1, byte p2, byte[]? data = null, int? ne = null, bool extended = false) =>
        CardSession.Apdu(cla, ins, p1, p2, data, ne, extended);
}
