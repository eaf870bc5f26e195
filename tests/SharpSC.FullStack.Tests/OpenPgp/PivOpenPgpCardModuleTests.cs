using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using SharpSC.FullStack.Tests.Token;
using SharpSC.TestSupport;

namespace SharpSC.FullStack.Tests.OpenPgp;

/// <summary>
/// One card, two applications, as a YubiKey: `sharpsc-vcard --applet piv,openpgp` in the token reader, our AOT module
/// through pcscd and vpcd. pkcs11-tool lists a PIV token and an OpenPGP token for the one reader; each token makes a
/// key as its SO and signs through the module (pkcs11-tool for one signature per token, then two threads of one
/// process at once), every signature checked by .NET with the token's public key.
/// </summary>
[Collection(PcscCollection.Name)]
public sealed class PivOpenPgpCardModuleTests : IDisposable
{
    private const string PivPin = "123456";
    private const string PivManagementKey = "010203040506070801020304050607080102030405060708";
    private readonly TempDir _dir = new("sharpsc-piv-openpgp");
    private readonly VirtualCardProcess _card;

    public PivOpenPgpCardModuleTests()
    {
        _card = VirtualCardProcess.Start(TokenReader.Port, _dir.File("card.state"), "piv,openpgp");
    }

    private static string OpenPgpSlot => $"{TokenReader.Name} (OpenPGP)";

    [Fact]
    public void Pkcs11_tool_lists_a_piv_and_an_openpgp_token_for_the_one_reader_and_each_signs()
    {
        var list = ProcessRunner.RunChecked("pkcs11-tool", "--module", Module.Path, "-L").StdOut;
        var pivEntry = SlotEntry(list, TokenReader.Name);
        var openPgpEntry = SlotEntry(list, OpenPgpSlot);
        Assert.Contains("token label        : YubiKey PIV #", pivEntry);
        Assert.Contains("token model        : YubiKey PIV", pivEntry);
        Assert.Contains("token label        : OpenPGP card ", openPgpEntry);
        Assert.Contains("token model        : OpenPGP 3.4", openPgpEntry);

        byte[] pivPoint, openPgpPoint;
        using (var library = Module.Load())
        {
            pivPoint = GenerateP256AsSo(Module.Slot(library, TokenReader.Name), PivManagementKey, 0x01);
            openPgpPoint = GenerateP256AsSo(Module.Slot(library, OpenPgpSlot), OpenPgpCard.Pw3, 0x03);
        }
        Assert.NotEqual(pivPoint, openPgpPoint);

        var data = "one card, two applications"u8.ToArray();
        using var pivKey = Verifier(pivPoint);
        using var openPgpKey = Verifier(openPgpPoint);
        Assert.True(pivKey.VerifyData(data, SignWithPkcs11Tool(TokenReader.Name, PivPin, 0x01, data), HashAlgorithmName.SHA256));
        Assert.True(openPgpKey.VerifyData(data, SignWithPkcs11Tool(OpenPgpSlot, OpenPgpCard.Pw1, 0x03, data), HashAlgorithmName.SHA256));
    }

    [Fact]
    public async Task Both_tokens_sign_at_once_in_one_process_and_a_login_stays_with_its_token()
    {
        using var library = Module.Load();
        var pivSlot = Module.Slot(library, TokenReader.Name);
        var openPgpSlot = Module.Slot(library, OpenPgpSlot);
        var pivPoint = GenerateP256AsSo(pivSlot, PivManagementKey, 0x01);
        var openPgpPoint = GenerateP256AsSo(openPgpSlot, OpenPgpCard.Pw3, 0x03);

        using var piv = pivSlot.OpenSession(SessionType.ReadOnly);
        using var openPgp = openPgpSlot.OpenSession(SessionType.ReadOnly);
        piv.Login(CKU.CKU_USER, PivPin);
        Assert.Equal(CKS.CKS_RO_USER_FUNCTIONS, piv.GetSessionInfo().State);
        Assert.Equal(CKS.CKS_RO_PUBLIC_SESSION, openPgp.GetSessionInfo().State);
        openPgp.Login(CKU.CKU_USER, OpenPgpCard.Pw1);

        using var pivKey = Verifier(pivPoint);
        using var openPgpKey = Verifier(openPgpPoint);
        var pivPrivate = OpenPgpCard.FindKey(piv, CKO.CKO_PRIVATE_KEY, 0x01);
        var openPgpPrivate = OpenPgpCard.FindKey(openPgp, CKO.CKO_PRIVATE_KEY, 0x03);
        await Task.WhenAll(
            Task.Run(() => SignAndVerify(piv, pivPrivate, pivKey, "PIV")),
            Task.Run(() => SignAndVerify(openPgp, openPgpPrivate, openPgpKey, "OpenPGP"))).WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>pkcs11-tool -L's lines for the slot described as <paramref name="description"/> (up to the next slot).</summary>
    private static string SlotEntry(string list, string description)
    {
        var marker = $"): {description}\n";
        var start = list.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no slot '{description}' in:\n{list}");
        var next = list.IndexOf("\nSlot ", start, StringComparison.Ordinal);
        return next < 0 ? list[start..] : list[start..next];
    }

    /// <summary>A P-256 key pair made in the token's key <paramref name="id"/> as its SO; the public point (04 || X || Y).</summary>
    private static byte[] GenerateP256AsSo(ISlot slot, string soPin, byte id)
    {
        using var so = slot.OpenSession(SessionType.ReadWrite);
        so.Login(CKU.CKU_SO, soPin);
        OpenPgpCard.GenerateP256(so, id);
        var point = so.GetAttributeValue(OpenPgpCard.FindKey(so, CKO.CKO_PUBLIC_KEY, id), [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();
        so.Logout();
        // CKA_EC_POINT: the DER OCTET STRING of the uncompressed point.
        Assert.Equal((0x04, 65), (point[0], (int)point[1]));
        return point[2..];
    }

    private static ECDsa Verifier(byte[] point) =>
        ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33], Y = point[33..65] } });

    private byte[] SignWithPkcs11Tool(string slotDescription, string pin, byte id, byte[] data)
    {
        var input = _dir.File("to-sign.bin");
        var output = _dir.File("signature.bin");
        File.WriteAllBytes(input, data);
        ProcessRunner.RunChecked("pkcs11-tool", "--module", Module.Path, "--slot-description", slotDescription, "--login", "--pin", pin,
            "--sign", "--id", id.ToString("x2"), "-m", "ECDSA-SHA256", "--input-file", input, "--output-file", output);
        return File.ReadAllBytes(output);
    }

    private static void SignAndVerify(ISession session, IObjectHandle key, ECDsa verifier, string who)
    {
        for (var i = 0; i < 6; i++)
        {
            var data = System.Text.Encoding.UTF8.GetBytes($"{who} signature {i}");
            var signature = session.Sign(Module.Factories.MechanismFactory.Create(CKM.CKM_ECDSA_SHA256), key, data);
            Assert.True(verifier.VerifyData(data, signature, HashAlgorithmName.SHA256), $"{who} signature {i} does not verify");
        }
    }

    public void Dispose()
    {
        _card.Dispose();
        _dir.Dispose();
    }
}
