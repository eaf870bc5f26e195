using System.Runtime.InteropServices;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using SharpSC.Diagnostics;
using SharpSC.Native;
using SharpSC.Native.Abi;
using SharpSC.Pkcs11.Tests.Support;
using static SharpSC.Pkcs11.Constants.CKA;
using static SharpSC.Pkcs11.Constants.CKD;
using static SharpSC.Pkcs11.Constants.CKK;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKO;
using static SharpSC.Pkcs11.Constants.CKR;
using static SharpSC.Pkcs11.Constants.CKU;

namespace SharpSC.Pkcs11.Tests.Engine;

/// <summary>
/// With every trace on (SHARPSC_DEBUG=3), a management key given to C_Login(CKU_SO), a wrong one, and the
/// value of an ECDH-derived key read back through the C ABI appear nowhere in the log; the calls do.
/// The C functions are called through their native entry points, as a host calls them.
/// </summary>
[Collection(CryptokiCollection.Name)]
public sealed unsafe class SecretRedactionTests : IDisposable
{
    private readonly string _log = Path.Combine(Path.GetTempPath(), $"sharpsc-redaction-{Guid.NewGuid():N}.log");
    private readonly string? _level = Environment.GetEnvironmentVariable(Log.LevelVariable);
    private readonly string? _path = Environment.GetEnvironmentVariable(Log.PathVariable);

    public SecretRedactionTests()
    {
        Environment.SetEnvironmentVariable(Log.LevelVariable, "3");
        Environment.SetEnvironmentVariable(Log.PathVariable, _log);
    }

    private static CK_ATTRIBUTE Attribute(ulong type, void* value, int length) =>
        new() { type = new CULong((nuint)type), pValue = value, ulValueLen = new CULong((nuint)length) };

    [Fact]
    public void Management_keys_and_derived_values_never_reach_the_log()
    {
        const string wrongKey = "f1e2d3c4b5a6978801122334455667788990aabbccddeeff";
        var card = new SoftwareCard { Capabilities = EngineHarness.RawRsaCard(), ManagementKeyHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff" };
        card.Keys.Add(SoftwareKey.Ec(0x01));
        byte[] derived;
        using (var engine = new EngineHarness(card))
        {
            delegate* unmanaged<CULong, CULong, byte*, CULong, CULong> login = &Exports.C_Login;
            delegate* unmanaged<CULong, CULong> logout = &Exports.C_Logout;
            delegate* unmanaged<CULong, CK_MECHANISM*, CULong, CK_ATTRIBUTE*, CULong, CULong*, CULong> derive = &Exports.C_DeriveKey;
            delegate* unmanaged<CULong, CULong, CK_ATTRIBUTE*, CULong, CULong> getAttribute = &Exports.C_GetAttributeValue;

            var session = engine.OpenSession();
            var so = SoftwareCard.Ascii(card.ManagementKeyHex);
            var wrong = SoftwareCard.Ascii(wrongKey);
            fixed (byte* w = wrong)
                Assert.Equal(CKR_PIN_INCORRECT, (ulong)login(new CULong((nuint)session), new CULong((nuint)CKU_SO), w, new CULong((nuint)wrong.Length)).Value);
            fixed (byte* k = so)
                Assert.Equal(CKR_OK, (ulong)login(new CULong((nuint)session), new CULong((nuint)CKU_SO), k, new CULong((nuint)so.Length)).Value);
            Assert.Equal(CKR_OK, (ulong)logout(new CULong((nuint)session)).Value);
            var pin = SoftwareCard.Ascii(card.Pin);
            fixed (byte* p = pin)
                Assert.Equal(CKR_OK, (ulong)login(new CULong((nuint)session), new CULong((nuint)CKU_USER), p, new CULong((nuint)pin.Length)).Value);

            var cardKey = (ECPrivateKeyParameters)card.Key(0x01).Private;
            var generator = new ECKeyPairGenerator();
            generator.Init(new ECKeyGenerationParameters(cardKey.Parameters, new SecureRandom()));
            var peer = ((ECPublicKeyParameters)generator.GenerateKeyPair().Public).Q.GetEncoded(false);
            var baseKey = engine.PrivateKey(session, 0x01);
            ulong secretKey;
            fixed (byte* point = peer)
            {
                var parameters = new CK_ECDH1_DERIVE_PARAMS { kdf = new CULong((nuint)CKD_NULL), ulPublicDataLen = new CULong((nuint)peer.Length), pPublicData = point };
                var mechanism = new CK_MECHANISM { mechanism = new CULong((nuint)CKM_ECDH1_DERIVE), pParameter = &parameters, ulParameterLen = new CULong((nuint)sizeof(CK_ECDH1_DERIVE_PARAMS)) };
                var secretClass = new CULong((nuint)CKO_SECRET_KEY);
                var keyType = new CULong((nuint)CKK_GENERIC_SECRET);
                var template = stackalloc CK_ATTRIBUTE[2];
                template[0] = Attribute(CKA_CLASS, &secretClass, sizeof(CULong));
                template[1] = Attribute(CKA_KEY_TYPE, &keyType, sizeof(CULong));
                CULong handle;
                Assert.Equal(CKR_OK, (ulong)derive(new CULong((nuint)session), &mechanism, new CULong((nuint)baseKey), template, new CULong(2), &handle).Value);
                secretKey = handle.Value;
            }
            derived = new byte[32];
            fixed (byte* value = derived)
            {
                var read = Attribute(CKA_VALUE, value, derived.Length);
                Assert.Equal(CKR_OK, (ulong)getAttribute(new CULong((nuint)session), new CULong((nuint)secretKey), &read, new CULong(1)).Value);
                Assert.Equal(32UL, (ulong)read.ulValueLen.Value);
            }
            Assert.NotEqual(new byte[32], derived);
        }

        var log = File.ReadAllText(_log);
        Assert.Contains("C_Login", log);
        Assert.Contains("C_DeriveKey", log);
        Assert.Contains("CKR_PIN_INCORRECT", log);
        foreach (var secret in new[] { card.ManagementKeyHex, wrongKey, Convert.ToHexString(derived) })
        {
            Assert.DoesNotContain(secret, log, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret[..16], log, StringComparison.OrdinalIgnoreCase);
        }
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Log.LevelVariable, _level);
        Environment.SetEnvironmentVariable(Log.PathVariable, _path);
        Log.ConfigureFromEnvironment();
        File.Delete(_log);
    }
}
