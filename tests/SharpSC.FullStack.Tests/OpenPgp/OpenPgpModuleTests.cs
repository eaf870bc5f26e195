using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.OpenPgp;

/// <summary>
/// Our AOT module on the virtual OpenPGP card through pcscd and vpcd: the token it shows, key generation into the
/// three slots as the SO (PW3), PW1 logins, signatures with the signature key (a PIN per signature, as its status
/// byte says; pkcs11-tool gives it), decryption and ECDSA, each checked by .NET outside the module.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class OpenPgpModuleTests : IDisposable
{
    private readonly OpenPgpCard _card = new();

    [Fact]
    public void A_fresh_card_is_an_initialised_token_without_keys()
    {
        using var library = Module.Load();
        var slot = Module.Slot(library, OpenPgpCard.Reader);
        var info = slot.GetTokenInfo();
        Assert.Equal("OpenPGP 3.4", info.Model);
        Assert.StartsWith("OpenPGP card ", info.Label, StringComparison.Ordinal);
        Assert.True(info.TokenFlags.TokenInitialized);
        Assert.True(info.TokenFlags.LoginRequired);
        Assert.False(info.TokenFlags.UserPinCountLow);
        Assert.Equal(6UL, info.MinPinLen);
        using var session = slot.OpenSession(SessionType.ReadOnly);
        Assert.Empty(OpenPgpCard.Find(session, CKO.CKO_PUBLIC_KEY));
        session.Login(CKU.CKU_USER, OpenPgpCard.Pw1);
        Assert.Empty(OpenPgpCard.Find(session, CKO.CKO_PRIVATE_KEY));
        Assert.Equal(32, session.GenerateRandom(32).Length);
    }

    [Fact]
    public void Keys_generated_as_the_so_sign_decrypt_and_authenticate_with_pw1()
    {
        using var library = Module.Load();
        var slot = Module.Slot(library, OpenPgpCard.Reader);
        using (var so = slot.OpenSession(SessionType.ReadWrite))
        {
            Assert.Equal(CKR.CKR_USER_NOT_LOGGED_IN, Assert.Throws<Pkcs11Exception>(() => OpenPgpCard.GenerateRsa(so, 1, 2048)).RV);
            so.Login(CKU.CKU_SO, OpenPgpCard.Pw3);
            OpenPgpCard.GenerateRsa(so, 1, 2048);
            OpenPgpCard.GenerateRsa(so, 2, 2048);
            OpenPgpCard.GenerateP256(so, 3);
        }

        using var session = slot.OpenSession(SessionType.ReadOnly);
        Assert.Equal(["Signature key", "Encryption key", "Authentication key"],
            OpenPgpCard.Find(session, CKO.CKO_PUBLIC_KEY).Select(h => session.GetAttributeValue(h, [CKA.CKA_LABEL])[0].GetValueAsString()));
        session.Login(CKU.CKU_USER, OpenPgpCard.Pw1);
        Assert.Equal(3, OpenPgpCard.Find(session, CKO.CKO_PRIVATE_KEY).Count);
        var sig = OpenPgpCard.FindKey(session, CKO.CKO_PRIVATE_KEY, 1);
        Assert.True(session.GetAttributeValue(sig, [CKA.CKA_ALWAYS_AUTHENTICATE])[0].GetValueAsBool());

        // Decryption key: what .NET encrypted to its public key.
        var secret = RandomNumberGenerator.GetBytes(32);
        using (var dec = OpenPgpCard.RsaPublic(session, 2))
        {
            var ciphertext = dec.Encrypt(secret, RSAEncryptionPadding.Pkcs1);
            Assert.Equal(secret, session.Decrypt(Module.Factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS),
                OpenPgpCard.FindKey(session, CKO.CKO_PRIVATE_KEY, 2), ciphertext));
        }

        // Authentication key: ECDSA on the host's hash, r||s.
        var data = "authenticated by an OpenPGP card"u8.ToArray();
        var ecdsa = session.Sign(Module.Factories.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), OpenPgpCard.FindKey(session, CKO.CKO_PRIVATE_KEY, 3), data);
        var point = session.GetAttributeValue(OpenPgpCard.FindKey(session, CKO.CKO_PUBLIC_KEY, 3), [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();
        using (var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = UncompressedPoint(point) }))
            Assert.True(ec.VerifyData(data, ecdsa, HashAlgorithmName.SHA256));

        // Signature key: without the PIN for this signature the card refuses it.
        Assert.Equal(CKR.CKR_USER_NOT_LOGGED_IN, Assert.Throws<Pkcs11Exception>(() =>
            session.Sign(Module.Factories.MechanismFactory.Create(CKM.CKM_SHA256_RSA_PKCS), sig, data)).RV);
        using var sigPublic = OpenPgpCard.RsaPublic(session, 1);
        session.Logout();
        var signature = SignWithPkcs11Tool(_card.Dir, 1, "SHA256-RSA-PKCS", data);
        Assert.True(sigPublic.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Wrong_pins_count_down_in_the_token_flags_and_set_pin_changes_pw1()
    {
        using var library = Module.Load();
        var slot = Module.Slot(library, OpenPgpCard.Reader);
        using var session = slot.OpenSession(SessionType.ReadWrite);
        Assert.Equal(CKR.CKR_PIN_INCORRECT, Assert.Throws<Pkcs11Exception>(() => session.Login(CKU.CKU_USER, "654321")).RV);
        Assert.True(slot.GetTokenInfo().TokenFlags.UserPinCountLow);
        Assert.Equal(CKR.CKR_PIN_INCORRECT, Assert.Throws<Pkcs11Exception>(() => session.Login(CKU.CKU_USER, "654321")).RV);
        Assert.True(slot.GetTokenInfo().TokenFlags.UserPinFinalTry);
        session.Login(CKU.CKU_USER, OpenPgpCard.Pw1);
        Assert.False(slot.GetTokenInfo().TokenFlags.UserPinCountLow);
        session.SetPin(OpenPgpCard.Pw1, "changed-pin");
        session.Logout();
        Assert.Equal(CKR.CKR_PIN_INCORRECT, Assert.Throws<Pkcs11Exception>(() => session.Login(CKU.CKU_USER, OpenPgpCard.Pw1)).RV);
        session.Login(CKU.CKU_USER, "changed-pin");
    }

    /// <summary>pkcs11-tool (OpenSC) on our module: it logs in, sees CKA_ALWAYS_AUTHENTICATE and gives the PIN again.</summary>
    internal static byte[] SignWithPkcs11Tool(TempDir dir, byte id, string mechanism, byte[] data)
    {
        var input = dir.File("to-sign.bin");
        var output = dir.File("signature.bin");
        File.WriteAllBytes(input, data);
        ProcessRunner.RunChecked("pkcs11-tool", "--module", Module.Path, "--slot-description", OpenPgpCard.Reader, "--login", "--pin", OpenPgpCard.Pw1,
            "--sign", "--id", id.ToString("x2"), "-m", mechanism, "--input-file", input, "--output-file", output);
        return File.ReadAllBytes(output);
    }

    private static ECPoint UncompressedPoint(byte[] ecPoint)
    {
        // CKA_EC_POINT is the DER OCTET STRING of 04 || X || Y.
        var raw = ecPoint[0] == 0x04 && ecPoint.Length == 67 ? ecPoint[2..] : ecPoint;
        return new ECPoint { X = raw[1..33], Y = raw[33..65] };
    }

    public void Dispose() => _card.Dispose();
}
