using System.Text;

namespace SharpSC.Pkcs15;

/// <summary>
/// The object GUID OpenSC derives when a card stores none (sc_pkcs15_get_object_guid with OpenSSL):
/// SHA-1 over the object id followed by the serial number octets, the first 16 bytes printed as
/// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx. Shown as "MD:guid" by pkcs15-tool and used as the
/// minidriver container name.
/// </summary>
public static class Pkcs15Guid
{
    private const int MaxSerialLength = 32; // OpenSC SC_MAX_SERIALNR

    public static string Compute(Pkcs15Id id, ByteString serialNumber)
    {
        // OpenSC converts the serial to hex and back; a serial longer than 32 bytes fails that and the
        // first 32 hex characters are used as bytes instead.
        var serial = serialNumber.Length <= MaxSerialLength
            ? serialNumber.ToArray()
            : Encoding.ASCII.GetBytes(serialNumber.ToHex()[..MaxSerialLength]);
        var hash = Hashes.Sha1([.. id.Value.Span, .. serial]);
        var hex = Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }
}
