namespace SharpSC.VirtualCard.FileSystem;

/// <summary>Which file types a search accepts (the applet's SPECIFY_EF / SPECIFY_DF / SPECIFY_ANY).</summary>
internal enum FileKind
{
    Ef,
    Df,
    Any,
}
