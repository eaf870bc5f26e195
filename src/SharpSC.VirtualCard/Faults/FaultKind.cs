namespace SharpSC.VirtualCard.Faults;

/// <summary>What a fault rule does to the APDU it hits (see docs/VIRTUALCARD.md, "fault grammar").</summary>
public enum FaultKind
{
    /// <summary>delay=MS: answer normally, MS milliseconds late.</summary>
    Delay,

    /// <summary>drop: close the connection as soon as the command arrived; the card never sees it.</summary>
    Drop,

    /// <summary>drop-after: the card processes the command, then the connection closes without an answer.</summary>
    DropAfter,

    /// <summary>drop-mid: the card processes the command; the length header and half the answer are sent, then the connection closes.</summary>
    DropMid,

    /// <summary>truncate=N: only the first N bytes of the answer are sent (correctly framed).</summary>
    Truncate,

    /// <summary>corrupt[=OFFSET]: the byte at OFFSET of the answer (default 0, negative counts from the end) has all bits flipped.</summary>
    Corrupt,

    /// <summary>sw=XXXX: the link answers this status word; the card never sees the command.</summary>
    StatusWord,

    /// <summary>loop61=XX: 61XX for the command and for every GET RESPONSE after it; the card is not involved.</summary>
    Loop61,

    /// <summary>loop6c=XX: 6CXX for the command and for every repetition of its INS; the card is not involved.</summary>
    Loop6C,

    /// <summary>
    /// hang: the card takes the command and never answers; the host waits. <c>fault clear</c> wakes the card
    /// up (it then processes the command and answers); removing the card or stopping the program closes the
    /// connection without an answer.
    /// </summary>
    Hang,
}
