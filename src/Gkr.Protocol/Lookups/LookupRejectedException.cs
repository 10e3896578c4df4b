namespace Gkr.Protocol.Lookups;

/// <summary>Why a lookup argument was rejected.</summary>
public enum LookupRejection
{
    /// <summary>The proof does not have the shape the circuit's lookups require.</summary>
    MalformedProof,

    /// <summary>A fraction-tree layer sumcheck failed.</summary>
    SumcheckFailed,

    /// <summary>A fraction-tree layer's final check eq·(p₀q₁ + p₁q₀ + λq₀q₁) failed.</summary>
    LayerMismatch,

    /// <summary>The looked-up trees and the table tree do not add up to the same fraction (a value outside the table, or wrong multiplicities).</summary>
    SumMismatch,

    /// <summary>A tree's root denominator is zero.</summary>
    ZeroDenominator,

    /// <summary>A leaf claim does not match its definition (the numerator of a looked-up leaf is not one, or a denominator is not α − value).</summary>
    LeafMismatch,
}

/// <summary>A lookup argument was rejected: the reason, the lookup, the tree (0 is the table's, then one per looked-up column) and the layer.</summary>
public sealed class LookupRejectedException : ProofRejectedException
{
    private readonly string? _expected, _actual;

    /// <summary>A rejection.</summary>
    public LookupRejectedException(LookupRejection reason, string detail, int? lookup = null, int? tree = null, int? layer = null, Exception? inner = null, string? expected = null, string? actual = null)
        : base($"Lookup rejected: {reason}{(lookup is { } l ? $" in lookup {l}" : string.Empty)}{(tree is { } t ? $", tree {t}" : string.Empty)}{(layer is { } k ? $", layer {k}" : string.Empty)}: {detail}", inner)
    {
        Reason = reason;
        Lookup = lookup;
        Tree = tree;
        Layer = layer;
        _expected = expected;
        _actual = actual;
    }

    /// <summary>The failed check.</summary>
    public LookupRejection Reason { get; }

    /// <summary>The lookup's index in the circuit.</summary>
    public int? Lookup { get; }

    /// <summary>The tree: 0 for the table, 1 + c for looked-up column c.</summary>
    public int? Tree { get; }

    /// <summary>The tree layer (0 is the root).</summary>
    public int? Layer { get; }

    /// <inheritdoc />
    public override string Check => Reason.ToString();

    /// <inheritdoc />
    public override string? Expected => _expected ?? (InnerException as ProofRejectedException)?.Expected;

    /// <inheritdoc />
    public override string? Actual => _actual ?? (InnerException as ProofRejectedException)?.Actual;
}
