using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SharpSC.FullStack.Tests.Reliability;

/// <summary>
/// The private key material inside an IsoApplet virtual card's state file, to prove it never leaves the
/// module (docs/VIRTUALCARD.md "State file": format 2 holds 01 applet {01 kind, 02 state}; an IsoApplet's
/// state is a version byte and records, 30 = key slot {01 slot, 02 PKCS#8}; format 1 holds those records
/// directly). Every 8-byte window of every secret value (RSA d, p, q, dp, dq, qinv; EC d) is a fingerprint.
/// </summary>
public sealed class CardSecrets
{
    private const int Window = 8;
    private readonly HashSet<string> _windows = new(StringComparer.Ordinal);

    public CardSecrets(string statePath)
    {
        var file = File.ReadAllBytes(statePath);
        var format = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(8, 2));
        var payload = file.AsSpan(14, BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(10, 4))).ToArray();
        if (format == 1)
        {
            AddKeys(payload);
            return;
        }
        foreach (var (_, applet) in Records(payload))
        {
            var fields = Records(applet).ToDictionary(r => r.Tag, r => r.Value);
            if (System.Text.Encoding.ASCII.GetString(fields[0x01]) is "v0" or "v1") AddKeys(fields[0x02][1..]);
        }
    }

    private void AddKeys(byte[] isoAppletRecords)
    {
        foreach (var (tag, value) in Records(isoAppletRecords))
        {
            if (tag != 0x30) continue;
            foreach (var (inner, pkcs8) in Records(value))
                if (inner == 0x02) Add(pkcs8);
        }
    }

    public int KeyCount { get; private set; }

    public int Fingerprints => _windows.Count;

    private void Add(byte[] pkcs8)
    {
        KeyCount++;
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            var p = rsa.ExportParameters(true);
            foreach (var secret in new[] { p.D!, p.P!, p.Q!, p.DP!, p.DQ!, p.InverseQ! }) Fingerprint(secret);
        }
        catch (CryptographicException)
        {
            using var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(pkcs8, out _);
            Fingerprint(ec.ExportParameters(true).D!);
        }
    }

    private void Fingerprint(byte[] secret)
    {
        for (var i = 0; i + Window <= secret.Length; i++) _windows.Add(Convert.ToHexString(secret, i, Window));
    }

    /// <summary>True when <paramref name="value"/> holds 8 consecutive bytes of any private key value.</summary>
    public bool Leaks(ReadOnlySpan<byte> value)
    {
        for (var i = 0; i + Window <= value.Length; i++)
            if (_windows.Contains(Convert.ToHexString(value.Slice(i, Window)))) return true;
        return false;
    }

    private static IEnumerable<(byte Tag, byte[] Value)> Records(byte[] data)
    {
        for (var i = 0; i + 5 <= data.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(i + 1, 4));
            yield return (data[i], data.AsSpan(i + 5, length).ToArray());
            i += 5 + length;
        }
    }
}
