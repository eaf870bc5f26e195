namespace SharpSC.Sample;

/// <summary>A failure the sample explains to its user in one line.</summary>
public sealed class SampleException(string message) : Exception(message);
