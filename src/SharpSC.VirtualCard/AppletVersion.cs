namespace SharpSC.VirtualCard;

/// <summary>The IsoApplet generation a virtual card emulates.</summary>
public enum AppletVersion
{
    /// <summary>Branch main-javacard-v2.2.2, API 00.06: SELECT answers 00 06 features, 61xx + GET RESPONSE, CLA 10 chaining.</summary>
    V0 = 0,

    /// <summary>Branch main, API 01.00: GET DATA 00 CA 01 01, extended APDUs, RSA-4096, RSA-PSS, pre-hashed ECDSA.</summary>
    V1 = 1,
}
