using System.Runtime.InteropServices;
using SharpSC.Native.Abi;
using SharpSC.Pkcs11.Mechanisms;
using NativeMechanisms = SharpSC.Native.Marshalling.Mechanisms;
using static SharpSC.Pkcs11.Constants.CKD;
using static SharpSC.Pkcs11.Constants.CKM;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Pkcs11.Tests.Abi;

/// <summary>CK_ECDH1_DERIVE_PARAMS and CK_EDDSA_PARAMS read from C memory, with the spec's code for a bad structure.</summary>
public sealed unsafe class MechanismParameterTests
{
    private static ulong Code(CK_MECHANISM* mechanism)
    {
        try
        {
            NativeMechanisms.Read(mechanism);
            return CKR_OK;
        }
        catch (Pkcs11Exception e)
        {
            return e.Code;
        }
    }

    [Fact]
    public void Ecdh1_derive_params_are_read_with_their_shared_and_public_data()
    {
        var shared = "info"u8.ToArray();
        var point = new byte[65];
        point[0] = 0x04;
        point[64] = 0x42;
        fixed (byte* s = shared)
        fixed (byte* p = point)
        {
            var parameters = new CK_ECDH1_DERIVE_PARAMS
            {
                kdf = new CULong((nuint)CKD_SHA256_KDF),
                ulSharedDataLen = new CULong(4),
                pSharedData = s,
                ulPublicDataLen = new CULong(65),
                pPublicData = p,
            };
            var mechanism = new CK_MECHANISM { mechanism = new CULong((nuint)CKM_ECDH1_DERIVE), pParameter = &parameters, ulParameterLen = new CULong((nuint)sizeof(CK_ECDH1_DERIVE_PARAMS)) };
            var read = Assert.IsType<EcdhParameters>(NativeMechanisms.Read(&mechanism).Parameters);
            Assert.Equal(CKD_SHA256_KDF, read.Kdf);
            Assert.Equal(shared, read.SharedData);
            Assert.Equal(point, read.PublicData);

            mechanism.ulParameterLen = new CULong((nuint)sizeof(CK_ECDH1_DERIVE_PARAMS) - 8);
            Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Code(&mechanism));
            mechanism.ulParameterLen = new CULong((nuint)sizeof(CK_ECDH1_DERIVE_PARAMS));
            parameters.pPublicData = null;
            Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Code(&mechanism));
            var none = new CK_MECHANISM { mechanism = new CULong((nuint)CKM_ECDH1_DERIVE) };
            Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Code(&none));
        }
    }

    [Fact]
    public void Eddsa_params_are_optional_and_read_when_given()
    {
        var none = new CK_MECHANISM { mechanism = new CULong((nuint)CKM_EDDSA) };
        Assert.Null(NativeMechanisms.Read(&none).Parameters);

        var context = "ctx"u8.ToArray();
        fixed (byte* c = context)
        {
            var parameters = new CK_EDDSA_PARAMS { phFlag = 1, ulContextDataLen = new CULong(3), pContextData = c };
            var mechanism = new CK_MECHANISM { mechanism = new CULong((nuint)CKM_EDDSA), pParameter = &parameters, ulParameterLen = new CULong((nuint)sizeof(CK_EDDSA_PARAMS)) };
            var read = Assert.IsType<EdDsaParameters>(NativeMechanisms.Read(&mechanism).Parameters);
            Assert.True(read.PreHash);
            Assert.Equal(context, read.Context);
            mechanism.ulParameterLen = new CULong(1);
            Assert.Equal(CKR_MECHANISM_PARAM_INVALID, Code(&mechanism));
        }
    }
}
