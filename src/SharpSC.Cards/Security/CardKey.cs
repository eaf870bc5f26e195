namespace SharpSC.Cards.Security;

/// <summary>
/// A private key on the card as the security commands need it: its reference (PKCS#15 keyReference; IsoApplet
/// slot 0–15), its size (RSA modulus bits or EC field bits, for response lengths) and, for cards whose driver has
/// no algorithm table, the card's algorithm reference (MSE tag 80) from PKCS#15.
/// </summary>
public readonly record struct CardKey(byte Reference, int SizeBits, byte? AlgorithmReference = null);
