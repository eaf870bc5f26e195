using System.Globalization;
using System.Text;

namespace SharpSC.Pkcs11.Objects;

/// <summary>CK_DATE: "YYYYMMDD" as 8 ASCII digits (PKCS#11 3.0 §3.3).</summary>
internal static class CkDate
{
    public static byte[] From(DateTime value) => Encoding.ASCII.GetBytes(value.ToUniversalTime().ToString("yyyyMMdd", CultureInfo.InvariantCulture));
}
