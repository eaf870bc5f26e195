using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Dump;

/// <summary>The "X.509 Certificate [label]" block (pkcs15-tool print_cert_info).</summary>
internal static class CertificateDump
{
    public static void Write(DumpContext d, CertificateObject cert)
    {
        d.Line($"X.509 Certificate [{cert.Label}]");
        d.CommonFlags(cert);
        d.Field("Authority", cert.IsAuthority ? "yes" : "no");
        d.Field("Path", cert.Value.Path is { } path ? DumpContext.PrintPath(d.Application.Resolve(path)) : "");
        d.Field("ID", cert.Id.ToString());
        d.AccessRules(cert);
        if (d.ReadValue(cert.Value) is { } data && KeyMaterialProbe.CertificateSerial(data) is { Length: >= 2 } serial)
            d.Field("Encoded serial", $"{DumpContext.Hex2(serial[0])} {DumpContext.Hex2(serial[1])} {Convert.ToHexString(serial, 2, serial.Length - 2)}");
        d.Line("");
    }
}
