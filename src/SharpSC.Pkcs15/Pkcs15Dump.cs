using SharpSC.Pkcs15.Dump;

namespace SharpSC.Pkcs15;

/// <summary>
/// Text in the layout of OpenSC's <c>pkcs15-tool --dump</c> (same labels, columns and value formats):
/// card info, PINs, private keys, public keys, certificates, data objects. With a file reader it also
/// reads what OpenSC reads for the dump: certificate serial numbers, EC public key field lengths and
/// unprotected data object contents. It never prints private material (a PKCS#15 structure has none).
/// </summary>
public static class Pkcs15Dump
{
    public static string Format(Pkcs15Application application, Func<string, byte[]?>? readFile = null)
    {
        using var writer = new StringWriter();
        Write(writer, application, readFile);
        return writer.ToString();
    }

    public static void Write(TextWriter output, Pkcs15Application application, Func<string, byte[]?>? readFile = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(application);
        var d = new DumpContext(output, application, readFile);
        TokenInfoDump.Write(d);
        foreach (var pin in application.Pins)
            PinDump.Write(d, pin);
        foreach (var key in application.PrivateKeys)
            KeyDump.WritePrivate(d, key);
        foreach (var key in application.PublicKeys)
            KeyDump.WritePublic(d, key);
        foreach (var cert in application.Certificates)
            CertificateDump.Write(d, cert);
        var index = 0;
        foreach (var data in application.DataObjects)
            DataObjectDump.Write(d, data, index++);
    }
}
