using SharpSC.Cards.Drivers;
using SharpSC.Cards.Files;

namespace SharpSC.Pkcs15.Personalisation;

/// <summary>
/// The byte-level writes of the personaliser, ordered so that an interrupted write never shows a half-written
/// entry: an appended entry is written back to front and its first byte (the tag that replaces the 00 end
/// marker) last; a rewrite goes in one UPDATE BINARY when the card takes it in one, otherwise it first hides
/// the entries it moves (00 at the first one), writes the rest back to front and the first byte last.
/// Every method expects to run inside the caller's card transaction.
/// </summary>
internal sealed class DirectoryFileWriter(CardDriver driver)
{
    private int Chunk => driver.Capabilities.MaxWriteChunk;

    /// <summary>
    /// Appends <paramref name="entry"/> at <paramref name="usedLength"/> of a directory file of
    /// <paramref name="fileSize"/> bytes, followed by a 00 end marker when there is room for one. The byte at
    /// <paramref name="usedLength"/> must still be the end marker, 00 or the FF of a never-written file (MyEID
    /// creates files full of FF); anything else means the card changed since it was read.
    /// APDUs: one READ BINARY (check), then the entry in chunks from the back, the tag byte last.
    /// </summary>
    public void Append(CardPath path, int fileSize, int usedLength, ReadOnlySpan<byte> entry, string what)
    {
        if (entry.IsEmpty)
            throw new ArgumentException("empty entry", nameof(entry));
        var end = usedLength + entry.Length;
        if (end > fileSize)
            throw new PersonalisationException(PersonalisationError.DirectoryFull,
                $"the {what} ({path}, {fileSize} bytes) is full: {usedLength} bytes used, the new entry needs {entry.Length}");
        var marker = driver.ReadBinary(path, usedLength, 1);
        if (marker.Length != 1 || marker[0] is not (0x00 or 0xFF))
            throw new PersonalisationException(PersonalisationError.CardChanged,
                $"the {what} ({path}) has data after its last known entry: another program changed the card; read it again");
        byte[] data = end < fileSize ? [.. entry, 0x00] : entry.ToArray();
        WriteBackToFront(path, usedLength + 1, data.AsSpan(1));
        driver.UpdateBinary(path, usedLength, data.AsMemory(0, 1));
    }

    /// <summary>Undoes an <see cref="Append"/>: the 00 end marker goes back where the entry started (one APDU).</summary>
    public void Unappend(CardPath path, int usedLength) => driver.UpdateBinary(path, usedLength, new byte[1]);

    /// <summary>
    /// Changes a directory file's content from <paramref name="oldContent"/> to <paramref name="newContent"/>
    /// (both without padding): writes from the first differing byte to the end of the longer one, zero-filling
    /// what the new content no longer uses.
    /// </summary>
    public void Rewrite(CardPath path, ReadOnlySpan<byte> oldContent, ReadOnlySpan<byte> newContent)
    {
        var end = Math.Max(oldContent.Length, newContent.Length);
        var start = 0;
        while (start < end && At(oldContent, start) == At(newContent, start))
            start++;
        if (start == end)
            return;
        var region = new byte[end - start];
        if (newContent.Length > start)
            newContent[start..].CopyTo(region);
        if (region.Length <= Chunk)
        {
            driver.UpdateBinary(path, start, region);
            return;
        }
        // Several APDUs: hide every entry from the first one that changes, write the rest, reveal it last.
        var spans = EntrySpans.Of(oldContent);
        var boundary = spans.LastOrDefault(s => s.Start <= start).Start;
        var tail = new byte[end - boundary];
        if (newContent.Length > boundary)
            newContent[boundary..].CopyTo(tail);
        driver.UpdateBinary(path, boundary, new byte[1]);
        WriteBackToFront(path, boundary + 1, tail.AsSpan(1));
        driver.UpdateBinary(path, boundary, tail.AsMemory(0, 1));
    }

    /// <summary>Writes a whole small file (TokenInfo, EF.DIR, ODF) padded with 00 to <paramref name="length"/>: one APDU when it fits one.</summary>
    public void WritePadded(CardPath path, ReadOnlySpan<byte> content, int length)
    {
        var data = new byte[length];
        content.CopyTo(data);
        driver.UpdateBinary(path, 0, data);
    }

    private void WriteBackToFront(CardPath path, int offset, ReadOnlySpan<byte> data)
    {
        var chunk = Chunk;
        for (var end = data.Length; end > 0;)
        {
            var start = Math.Max(0, end - chunk);
            driver.UpdateBinary(path, offset + start, data[start..end].ToArray());
            end = start;
        }
    }

    private static int At(ReadOnlySpan<byte> content, int index) => index < content.Length ? content[index] : 0;
}
