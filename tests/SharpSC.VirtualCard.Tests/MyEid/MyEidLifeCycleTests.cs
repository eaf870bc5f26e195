using System.Security.Cryptography;
using SharpSC.VirtualCard.Applets.MyEid;

namespace SharpSC.VirtualCard.Tests.MyEid;

/// <summary>Erase (pkcs15-init --erase-card), activation, persistence of the state and the change tracking.</summary>
public sealed class MyEidLifeCycleTests
{
    [Fact]
    public void Erase_needs_the_mf_delete_right_and_leaves_a_blank_card()
    {
        var t = new MyEidTestCard();
        t.Personalise();
        t.Verify(1, MyEidTestCard.UserPin);
        t.CreateKeyFile("4B01", 0x22, 256);
        t.Expect("0046000000");
        t.CreateEf("4401", 32);
        // pkcs15-init -E: SELECT MF, VERIFY the SO PIN (MF delete = 3), PUT DATA 01 E0 with the profile's ACLs.
        Assert.Equal(0x07, t.Expect("00A40000023F0000")[^1]);
        t.Expect("00DA01E008FFFF113FFF111FFF", 0x6982);
        t.Verify(3, MyEidTestCard.SoPin);
        t.Expect("00DA01E008FFFF123FFF131FFF");
        Assert.False(t.State.IsOperational);
        Assert.All(t.State.Pins, Assert.Null);
        Assert.Equal(new ushort[] { 0x5015 }, t.State.MasterFile.Children.Select(f => f.Fid).ToArray());
        Assert.Empty(t.State.MasterFile.Child(0x5015)!.Children);
        Assert.Equal(Convert.FromHexString("6F1781027FFF82013883023F008603123FFF850200028A0101"), t.Expect("00A40000023F0000"));
        Assert.Equal(Convert.FromHexString("6F2581027FFF820138830250158603131FFF850200028A0101840CA000000063504B43532D3135"),
            t.Expect("00A404000CA000000063504B43532D313500"));
        t.Expect("00200001"); // creation state again: no PIN needed
        // In creation state anyone may erase; without parameters the default ACLs come back.
        t.Expect("00DA01E000".Remove(8)); // Lc 0: case 1 command
        Assert.Equal(new byte[] { 0x11, 0x3F, 0xFF }, t.State.MasterFile.Acl);
    }

    [Fact]
    public void The_state_survives_a_save_and_restore()
    {
        var t = new MyEidTestCard();
        t.Personalise();
        t.Verify(1, "39393939FFFFFFFF", 0x63C2);
        t.Verify(1, MyEidTestCard.UserPin);
        t.CreateKeyFile("4B01", 0x11, 1024);
        var modulus = t.Chained(0x46, 0, 0, Convert.FromHexString("30058103010001"));
        t.CreateKeyFile("4B02", 0x22, 384);
        var point = t.Expect("0046000000")[2..];
        t.CreateEf("4401", 5);
        t.Expect("00D6000005AABBCCDDEE");
        t.Verify(1, "39393939FFFFFFFF", 0x63C2);
        Assert.True(t.Card.TakeChanged());
        Assert.False(t.Card.TakeChanged());
        t.Expect("00B0000005");
        Assert.False(t.Card.TakeChanged()); // reads change nothing

        var saved = t.Card.SaveState();
        var r = new MyEidTestCard(MyEidCard.FromState(saved));
        Assert.Equal(saved, r.Card.SaveState());
        Assert.Equal(t.State.Serial, r.State.Serial);
        Assert.Equal(t.State.ChangeCounter, r.State.ChangeCounter);
        Assert.Equal(t.Expect("00A40800045015440100"), r.Expect("00A40800045015440100"));
        r.Expect("00200001", 0x63C2); // tries left persist, the session does not
        r.Verify(1, MyEidTestCard.UserPin);
        Assert.Equal(Convert.FromHexString("AABBCCDDEE"), r.Expect("00B0000005"));
        r.SelectPath("50154B01");
        Assert.Equal(modulus, r.GetData(0x01));
        using var rsa = RSA.Create(new RSAParameters { Modulus = modulus, Exponent = [1, 0, 1] });
        var hash = SHA256.HashData("after restore"u8);
        r.Expect("002241B60A80010281024B01840100");
        var signature = r.Chained(0x2A, 0x9E, 0x9A, [.. Convert.FromHexString("3031300D060960864801650304020105000420"), .. hash]);
        Assert.True(rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        r.SelectPath("50154B02");
        Assert.Equal(MyEidDataCommands.Tagged(0x30, point), r.GetData(0x86));
    }

    [Fact]
    public void A_damaged_state_is_refused()
    {
        var t = new MyEidTestCard();
        t.Personalise();
        var saved = t.Card.SaveState();
        Assert.Throws<InvalidDataException>(() => MyEidCard.FromState(saved[..^3]));
        var unknown = (byte[])saved.Clone();
        unknown[0] = 0x7E; // first record tag
        Assert.Throws<InvalidDataException>(() => MyEidCard.FromState(unknown));
        var future = (byte[])saved.Clone();
        future[5] = 0x02; // format version (first record's value)
        Assert.Throws<InvalidDataException>(() => MyEidCard.FromState(future));
        Assert.Throws<InvalidDataException>(() => MyEidCard.FromState([]));
        // Random damage never gets past the decoder as anything but InvalidDataException.
        var random = new Random(15);
        for (var i = 0; i < 300; i++)
        {
            var damaged = (byte[])saved.Clone();
            damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            try
            {
                var card = MyEidCard.FromState(damaged);
                Assert.NotNull(card.Process(Convert.FromHexString("00A40000023F0000")));
            }
            catch (InvalidDataException)
            {
            }
        }
    }
}
