namespace SharpSC.VirtualCard.Iso;

/// <summary>A response APDU before it is serialised: data field and status word.</summary>
internal readonly record struct Response(byte[] Data, ushort StatusWord)
{
    public static Response Ok(byte[] data) => new(data, StatusWords.Ok);

    public static Response Status(ushort sw) => new([], sw);

    public static readonly Response Success = new([], StatusWords.Ok);

    public byte[] ToBytes()
    {
        var r = new byte[Data.Length + 2];
        Data.CopyTo(r, 0);
        r[^2] = (byte)(StatusWord >> 8);
        r[^1] = (byte)StatusWord;
        return r;
    }
}
