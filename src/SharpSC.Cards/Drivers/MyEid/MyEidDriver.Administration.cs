using System.Globalization;
using System.Security.Cryptography;
using SharpSC.Cards.Apdu;
using static SharpSC.Cards.Drivers.MyEid.MyEidConstants;

namespace SharpSC.Cards.Drivers.MyEid;

// The card's own set-up commands: PIN objects (PUT DATA 01 01..0E), erase (PUT DATA 01 E0), ACTIVATE (44).
public sealed partial class MyEidDriver
{
    /// <summary>ACLs OpenSC's myeid profile gives at erase: MF create PIN 1 / delete PIN 3, 5015 create and delete PIN 1.</summary>
    public static ReadOnlySpan<byte> DefaultMfAcl => [0x11, 0x3F, 0xFF];
    public static ReadOnlySpan<byte> DefaultApplicationDfAcl => [0x11, 0x1F, 0xFF];

    /// <summary>
    /// Creates (or, before activation, replaces) PIN object <paramref name="reference"/> with its PUK: PUT DATA 01
    /// &lt;ref&gt; with PIN and PUK padded to 8 with FF, the tries of each and flags 00 (pkcs15-myeid.c
    /// myeid_create_pin). Only possible while the card is in creation state.
    /// </summary>
    public void CreatePin(byte reference, ReadOnlySpan<byte> pin, ReadOnlySpan<byte> puk, int pinTries, int pukTries)
    {
        if (reference is < 1 or > 14) throw new ArgumentOutOfRangeException(nameof(reference), reference, "MyEID PIN references are 1..14.");
        if (pinTries is < 1 or > 14 || pukTries is < 1 or > 14)
            throw new ArgumentOutOfRangeException(nameof(pinTries), "MyEID PIN and PUK tries are 1..14.");
        RequireWritable("CREATE PIN");
        var data = new byte[19];
        try
        {
            Format.Encode(pin).CopyTo(data, 0);
            Format.Encode(puk).CopyTo(data, 8);
            data[16] = (byte)pinTries;
            data[17] = (byte)pukTries;
            Run(string.Create(CultureInfo.InvariantCulture, $"CREATE PIN {reference}"), () =>
            {
                Send(string.Create(CultureInfo.InvariantCulture, $"PUT DATA (PIN {reference})"),
                    new CommandApdu(0x00, InsPutData, DataP1, reference, data) { SensitiveData = true });
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>
    /// Erases the card (PUT DATA 01 E0, "initialise applet"): every file, key and PIN goes; MF and 5015 are made
    /// again with the ACLs given and the card is back in creation state. Once activated the card wants the MF's
    /// delete right first (OpenSC's profile: the SO PIN, reference 3).
    /// </summary>
    public void EraseCard(ReadOnlySpan<byte> mfAcl, ReadOnlySpan<byte> applicationDfAcl)
    {
        if (mfAcl.Length != 3 || applicationDfAcl.Length != 3) throw new ArgumentException("MyEID ACLs have three bytes.");
        RequireWritable("ERASE");
        byte[] data = [0xFF, 0xFF, .. mfAcl, .. applicationDfAcl];
        Run("ERASE", () =>
        {
            Send("PUT DATA (initialise applet)", new CommandApdu(0x00, InsPutData, DataP1, DataInitializeApplet, data));
            InvalidateState();
        });
    }

    /// <summary>ACTIVATE APPLICATION: the card leaves creation state and its ACLs apply from now on.</summary>
    public void Activate()
    {
        RequireWritable("ACTIVATE");
        Run("ACTIVATE", () =>
        {
            Send("ACTIVATE APPLICATION", new CommandApdu(0x00, InsActivate, 0x04, 0x00, Aid));
            InvalidateState();
        });
    }
}
