namespace SharpSC.Cards.Files;

/// <summary>File kinds of ISO 7816-4 §7.1 as the file descriptor byte (tag 82) tells them.</summary>
public enum CardFileType
{
    Unknown,
    DedicatedFile,
    TransparentEf,
    RecordEf,
}
