using System.Security.Cryptography;
using SharpSC.Pkcs11.Objects;
using SharpSC.Pkcs11.Tokens;
using SharpSC.Pkcs11.Tokens.Card;
using SharpSC.TestSupport;
using SharpSC.VirtualCard.Applets.MyEid;

namespace SharpSC.Pkcs11.Tests.MyEid;

/// <summary>
/// The token engine's card device on a MyEID card that OpenSC 0.23's pkcs15-init personalised (the fixture's
/// commands replayed into the emulator): objects, PIN, RSA and ECDSA signatures, random numbers.
/// </summary>
public sealed class MyEidTokenTests
{
    [Fact]
    public void An_opensc_personalised_card_logs_in_and_signs()
    {
        var card = MyEidFixtureCards.OpenScPersonalised();
        var transport = new MyEidTransport(card);
        using var device = CardTokenDevice.Open(() => transport);
        Assert.Equal("MyEID", device.Description.Label);
        Assert.Equal("00000000000000000001", device.Description.SerialNumber);
        var keys = device.LoadObjects(ObjectKind.PrivateKeys).OfType<PrivateKeyObject>().ToList();
        Assert.Equal(2, keys.Count);
        Assert.Equal(3, device.QueryPin(UserRole.User).TriesLeft);
        device.VerifyPin(UserRole.User, "123456"u8);

        var hash = SHA256.HashData("token"u8);
        var rsa = keys.Single(k => k.Material.Kind == KeyKind.Rsa);
        var signature = device.Sign(rsa, CardSignature.RsaPkcs1, [.. Convert.FromHexString("3031300D060960864801650304020105000420"), .. hash]);
        // The card's own modulus (the public key file holds OsEID's, which pkcs15-init wrote during the recording).
        var modulus = Answer(card, "00A4080C0450154B01", "00CA010100");
        using (var pub = RSA.Create(new RSAParameters { Modulus = modulus, Exponent = [1, 0, 1] }))
            Assert.True(pub.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var ec = keys.Single(k => k.Material.Kind == KeyKind.Ec);
        var ecdsa = device.Sign(ec, CardSignature.EcdsaPrehashed, hash); // DER, as the card answers it
        var point = Answer(card, "00A4080C0450154B02", "00CA018600")[2..];
        using (var pub = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..] } }))
            Assert.True(pub.VerifyHash(hash, ecdsa, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(32, device.GetRandom(32).Length);
    }

    /// <summary>
    /// MyEID keeps a PIN verified across connections until DEAUTHENTICATE or a reset: the next application finds
    /// the status VERIFY answered 9000, and its token must still have a user PIN it can log in with.
    /// </summary>
    [Fact]
    public void A_pin_left_verified_by_an_earlier_connection_is_a_set_pin()
    {
        var card = MyEidFixtureCards.OpenScPersonalised();
        var transport = new MyEidTransport(card);
        using (var earlier = CardTokenDevice.Open(() => transport))
            earlier.VerifyPin(UserRole.User, "123456"u8);

        using var device = CardTokenDevice.Open(() => new MyEidTransport(card));
        Assert.True(device.Description.UserPinInitialized);
        var status = device.QueryPin(UserRole.User);
        Assert.True(status.IsSet);
        Assert.False(status.Blocked);
        device.VerifyPin(UserRole.User, "123456"u8);
        device.Logout();
        Assert.Equal(3, device.QueryPin(UserRole.User).TriesLeft);
    }

    private static byte[] Answer(MyEidCard card, string select, string command)
    {
        card.Process(Convert.FromHexString(select));
        var r = card.Process(Convert.FromHexString(command));
        Assert.Equal(0x90, r[^2]);
        return r[..^2];
    }
}
