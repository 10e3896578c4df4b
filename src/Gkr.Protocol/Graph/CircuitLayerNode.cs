using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;

namespace Gkr.Protocol.Graph;

/// <summary>
/// A layer of a <see cref="LayeredCircuit"/> (gates, data-parallel gates, matrix product, or any other
/// <see cref="CircuitLayer"/> kind) placed in a graph circuit, reading one earlier polynomial of its input size:
/// its own reducer proves it, and its claims on "the previous layer" become claims on that polynomial.
/// </summary>
public sealed class CircuitLayerNode : GraphLayer
{
    /// <summary>The registered kind (tag 1): the description is the wrapped layer's single-layer circuit bytes.</summary>
    public static GraphLayerKind Kind { get; } = new(1, "circuit-layer", typeof(CircuitLayerNode), Decode);

    /// <summary>Places <paramref name="layer"/> reading <paramref name="input"/> (which must have 2^layer.InputVariables values).</summary>
    public CircuitLayerNode(CircuitLayer layer, PolynomialRef input)
        : base((layer ?? throw new ArgumentNullException(nameof(layer))).NumVariables)
    {
        Layer = layer;
        Input = input;
    }

    /// <summary>The wrapped layer.</summary>
    public CircuitLayer Layer { get; }

    /// <summary>What it reads.</summary>
    public PolynomialRef Input { get; }

    /// <inheritdoc />
    public override byte KindTag => Kind.Tag;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Reads => [Input];

    /// <inheritdoc />
    public override string? ShapeError(Func<PolynomialRef, int> numVariables) =>
        numVariables(Input) == Layer.InputVariables ? null : $"the layer reads 2^{Layer.InputVariables} values; {Input} has 2^{numVariables(Input)}.";

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) => [.. Enumerable.Repeat(Input, Layer.Reducer.OutputClaimCount(claimCount))];

    /// <inheritdoc />
    public override LayerProofShape Shape(int claimCount) => Layer.Reducer.Shape(claimCount);

    /// <inheritdoc />
    public override void Evaluate(GraphEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Goldilocks[] input = context.Values(Input);
        if (input.Length != 1 << Layer.InputVariables)
        {
            throw new InvalidOperationException($"The layer reads 2^{Layer.InputVariables} values; {Input} has {input.Length}.");
        }

        Layer.Evaluate(input, context.Output, context.Options);
    }

    /// <inheritdoc />
    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        (GkrLayerProof proof, LayerClaim[] claims) = Layer.Reducer.Prove(
            [.. context.Claims.Select(c => c.ToLayerClaim())], context.Weights, context.Values(Input), context.Values(PolynomialRef.Layer(context.Index)), context.Transcript, context.Options);
        return (proof, [.. claims.Select(c => new Claim(Input, c.Point, c.Value))]);
    }

    /// <inheritdoc />
    public override Claim[] Verify(GraphVerifierContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        LayerClaim[] claims = Layer.Reducer.Verify(context.Index, [.. context.Claims.Select(c => c.ToLayerClaim())], context.Weights, context.Proof, context.Transcript);
        return [.. claims.Select(c => new Claim(Input, c.Point, c.Value))];
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (byte b in CircuitEncoding.Encode(SingleLayerCircuit()))
        {
            writer.Byte(b);
        }
    }

    private LayeredCircuit SingleLayerCircuit()
    {
        var builder = new CircuitBuilder(1 << Layer.InputVariables);
        builder.AddLayer(Layer);
        return builder.Build();
    }

    private static CircuitLayerNode Decode(GraphLayerHeader header, byte[] description)
    {
        LayeredCircuit circuit = CircuitEncoding.Decode(description);
        if (circuit.Layers.Length != 1 || header.Reads.Count != 1 || header.Writes.Count != 0 || circuit.Layers[0].NumVariables != header.NumVariables)
        {
            throw new MalformedCircuitException("A circuit-layer node holds one layer, reads one polynomial and writes none.");
        }

        return new CircuitLayerNode(circuit.Layers[0], header.Reads[0]);
    }
}
