using System.Text;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;
using Gkr.Fuzz.Targets;

namespace Gkr.Fuzz;

/// <summary>
/// One fuzzed entry point: bytes in, decode + verify through the library's public API, and either
/// "accepted", "rejected" (a typed rejection, or the caller's own final check) or a crash (any other exception).
/// </summary>
/// <param name="Name">The name used on the command line and as the corpus folder.</param>
/// <param name="Description">What the target decodes and verifies.</param>
/// <param name="Seeds">Honest encodings produced by the library (the starting corpus).</param>
/// <param name="Run">Decodes and verifies; returns true when the input is accepted. Throws a typed rejection
/// when the library rejects, and <see cref="FuzzInvariantException"/> when an oracle of the harness fails.</param>
/// <param name="Dictionary">Tokens the mutator may insert (for text formats), or empty.</param>
public sealed record FuzzTarget(string Name, string Description, Func<IReadOnlyList<byte[]>> Seeds, Func<byte[], bool> Run, IReadOnlyList<byte[]> Dictionary)
{
    /// <summary>A binary target without a dictionary.</summary>
    public FuzzTarget(string name, string description, Func<IReadOnlyList<byte[]>> seeds, Func<byte[], bool> run)
        : this(name, description, seeds, run, [])
    {
    }

    /// <summary>Runs <see cref="Run"/> and turns a typed rejection into <see cref="FuzzVerdict.Rejected"/>; any other exception propagates (a crash).</summary>
    public FuzzVerdict Execute(byte[] input, out string? rejection)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            rejection = null;
            return Run(input) ? FuzzVerdict.Accepted : FuzzVerdict.RejectedByCaller;
        }
        catch (Exception ex) when (FuzzTargets.IsTypedRejection(ex))
        {
            rejection = $"{ex.GetType().Name}: {ex.Message}";
            return FuzzVerdict.Rejected;
        }
    }
}

/// <summary>What one execution ended in (a crash is an exception out of <see cref="FuzzTarget.Execute"/>).</summary>
public enum FuzzVerdict
{
    /// <summary>Decoded and verified.</summary>
    Accepted,

    /// <summary>The library threw one of its documented rejections.</summary>
    Rejected,

    /// <summary>The library returned a claim and the harness's own final check (the caller's duty) rejected it.</summary>
    RejectedByCaller,
}

/// <summary>An oracle of the harness failed (a non-canonical encoding decoded, a mutant accepted, an honest proof rejected): always a crash.</summary>
public sealed class FuzzInvariantException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The registry of fuzz targets and the one predicate that says which exceptions are rejections.</summary>
public static class FuzzTargets
{
    private static readonly Lazy<IReadOnlyList<FuzzTarget>> Registry = new(() =>
    [
        SumcheckTargets.Single,
        SumcheckTargets.Batched,
        GkrTargets.Public,
        GkrTargets.Committed,
        CommitmentTargets.BasefoldOpening,
        CommitmentTargets.BasefoldCommitmentFile,
        CommitmentTargets.LigeroCommitment,
        CommitmentTargets.LigeroOpening,
        FileTargets.Circuit,
        FileTargets.Values,
        FileTargets.BinaryCircuit,
        FileTargets.Statement,
        GraphTargets.Public,
        GraphTargets.Committed,
        GraphTargets.CircuitFile,
        ModelTargets.Proof,
        ModelTargets.File,
        ModelTargets.StatementFile,
        OnnxTargets.Model,
    ]);

    /// <summary>Every target, in a fixed order.</summary>
    public static IReadOnlyList<FuzzTarget> All => Registry.Value;

    /// <summary>The target called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No such target.</exception>
    public static FuzzTarget Get(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"Unknown target \"{name}\"; targets: {string.Join(", ", All.Select(t => t.Name))}.", nameof(name));

    /// <summary>
    /// True when <paramref name="exception"/> is one of the library's documented, typed rejections of
    /// untrusted input. Everything else (IndexOutOfRange, NullReference, Overflow, Argument,
    /// OutOfMemory, InvalidOperation, <see cref="FuzzInvariantException"/>, …) is a crash.
    /// </summary>
    /// <remarks>
    /// The one place that decides: any verifier's <see cref="Protocol.ProofRejectedException"/>, a
    /// decoder's <see cref="MalformedEncodingException"/> (proofs, circuits, statements, commitment files),
    /// a field decoder's <see cref="NonCanonicalEncodingException"/>, a model file decoder's
    /// <see cref="NeuralLayers.Model.MalformedModelException"/>, the ONNX importer's
    /// <see cref="NeuralLayers.Onnx.OnnxImportException"/>, and a plain <see cref="FormatException"/>
    /// only where the library documents it: thrown by <see cref="CircuitFile.ParseValues"/> itself (value files).
    /// </remarks>
    public static bool IsTypedRejection(Exception exception) => exception switch
    {
        Protocol.ProofRejectedException or MalformedEncodingException or NonCanonicalEncodingException or NeuralLayers.Model.MalformedModelException or NeuralLayers.Onnx.OnnxImportException => true,
        FormatException plain when plain.GetType() == typeof(FormatException) => plain.TargetSite?.DeclaringType == typeof(CircuitFile),
        _ => false,
    };

    /// <summary>Fails with <see cref="FuzzInvariantException"/> unless <paramref name="condition"/> holds.</summary>
    public static void Invariant(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(message);
        }
    }

    /// <summary>The oracle of every canonical decoder: what was decoded re-encodes to exactly the input.</summary>
    public static void ReencodesExactly(byte[] input, byte[] reencoded, string what) =>
        Invariant(input.AsSpan().SequenceEqual(reencoded), $"{what}: decoding accepted a non-canonical encoding ({input.Length} bytes re-encode to {reencoded.Length} different bytes).");

    /// <summary>The soundness oracle of a proof target: only an honest encoding may be accepted.</summary>
    public static bool OnlyHonestAccepted(byte[] input, IReadOnlyList<byte[]> honest, string what)
    {
        Invariant(honest.Any(h => h.AsSpan().SequenceEqual(input)), $"{what}: accepted {input.Length} bytes that are not an honest proof.");
        return true;
    }

    /// <summary>
    /// A proof target: decode with the statement fixed by the fixture, require the canonical encoding, verify
    /// (<paramref name="verify"/> returns false when the caller's own final check fails), and accept only the honest bytes.
    /// </summary>
    public static FuzzTarget Proof<TProof>(string name, string description, Func<byte[]> honest, Func<byte[], TProof> decode, Func<TProof, byte[]> encode, Func<TProof, bool> verify) =>
        new(name, description, () => [honest()], input =>
        {
            TProof proof = decode(input);
            ReencodesExactly(input, encode(proof), name);
            return verify(proof) && OnlyHonestAccepted(input, [honest()], name);
        });

    /// <summary>UTF-8 text of a text-format input (invalid sequences become U+FFFD, as a file reader would see them).</summary>
    public static string Text(byte[] input) => Encoding.UTF8.GetString(input);
}
