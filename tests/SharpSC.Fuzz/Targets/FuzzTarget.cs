using SharpSC.Pkcs11;
using static SharpSC.Pkcs11.Constants.CKR;

namespace SharpSC.Fuzz.Targets;

/// <summary>
/// One fuzzing harness: feeds an input to a parser or a card path and lets only the failures that code
/// promises to its callers pass. Anything else that escapes (an IndexOutOfRangeException, a
/// NullReferenceException, a BouncyCastle exception, CKR_FUNCTION_FAILED ...) is a crash: inside the
/// module it would become CKR_FUNCTION_FAILED or worse.
/// </summary>
public abstract class FuzzTarget
{
    public abstract string Name { get; }

    /// <summary>Runs one input; throws only for a crash.</summary>
    public void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            Execute(input);
        }
        catch (Exception e) when (IsPromisedFailure(e))
        {
        }
    }

    protected abstract void Execute(ReadOnlySpan<byte> input);

    protected abstract bool IsPromisedFailure(Exception e);

    /// <summary>The inputs the corpus starts from (real dumps and transcripts of tests/fixtures).</summary>
    public abstract IEnumerable<byte[]> Seeds();

    /// <summary>A PKCS#11 error the engine raised on purpose, with a code other than the catch-all ones.</summary>
    protected static bool IsSpecError(Exception e) =>
        e is Pkcs11Exception p && p.Code is not (CKR_GENERAL_ERROR or CKR_FUNCTION_FAILED);

    public static IReadOnlyList<FuzzTarget> All { get; } =
        [new Pkcs15Target(), new CardTarget(), new AttributeTarget(), new MyEidCardTarget(), new MyEidDriverTarget(), new PivTarget(),
         new OpenPgpParseTarget(), new OpenPgpCardTarget()];

    public static FuzzTarget Named(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"no fuzz target '{name}' (have: {string.Join(", ", All.Select(t => t.Name))})");
}
