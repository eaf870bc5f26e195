using SharpSC.Pkcs15.Objects;

namespace SharpSC.Pkcs15.Dump;

/// <summary>The "Data object 'label'" block (pkcs15-tool list_data_objects).</summary>
internal static class DataObjectDump
{
    private const int BytesPerLine = 48;

    public static void Write(DumpContext d, DataObject data, int index)
    {
        d.Line(string.IsNullOrEmpty(data.Label) ? $"Data object <{index}>" : $"Data object '{data.Label}'");
        d.Line("\tapplicationName: " + data.ApplicationName);
        if (data.ApplicationOid is { } oid)
            d.Line("\tapplicationOID:  " + oid);
        d.Line("\tPath:            " + (data.Value.Path is { } path ? DumpContext.PrintPath(d.Application.Resolve(path)) : ""));
        if (data.Common.AuthId is { } authId)
            d.Line("\tAuth ID:         " + authId);
        else if (d.ReadValue(data.Value) is { } value)
            WriteData(d, value.Span);
        d.Line("");
    }

    // list_data_object: 48 bytes of hex per line, continuation lines indented to the title's width.
    private static void WriteData(DumpContext d, ReadOnlySpan<byte> value)
    {
        var title = $"\tData ({value.Length} bytes): ";
        var indent = new string(' ', title.Length);
        var text = title;
        for (var i = 0; i < value.Length; i += BytesPerLine)
        {
            if (i > 0)
                text += "\n" + indent;
            text += Convert.ToHexString(value.Slice(i, Math.Min(BytesPerLine, value.Length - i)));
        }
        d.Line(text);
    }
}
