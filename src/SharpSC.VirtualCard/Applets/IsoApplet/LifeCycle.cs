namespace SharpSC.VirtualCard.Applets.IsoApplet;

/// <summary>The applet's life cycle (IsoApplet STATE_* values).</summary>
internal enum LifeCycle : byte
{
    /// <summary>No PUK, no PIN: every operation is allowed and VERIFY without data answers 9000.</summary>
    Creation = 0x00,

    /// <summary>PUK set, PIN not yet set.</summary>
    Initialisation = 0x01,

    /// <summary>PIN set: the card is secured.</summary>
    Operational = 0x05,
}
