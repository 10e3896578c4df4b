using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Graph;

/// <summary>
/// The canonical binary encoding of a <see cref="GraphProof"/> (conventions of <see cref="ProofEncoding"/>:
/// one encoding per proof, and decoding accepts only that one).
/// </summary>
/// <remarks>
/// <para>Layout: the <see cref="GkrFormat"/> header (kind <see cref="EncodingKind.GraphProof"/>, element size 16);
/// u32 root length (32, or 0 without witness columns) and the witness root; u32 lookup count; per lookup: the
/// table tree, u32 column count and the column trees, u32 leaf-evaluation count and the evaluations; u32
/// layer count and the layers (as in <see cref="GkrProofEncoding"/>); then, where the statement calls for
/// them, the model opening and the witness opening, each as u32 length and the canonical
/// <see cref="BasefoldEncoding"/> bytes. A fraction tree is P, Q, then per layer k the sumcheck body
/// (k rounds of 4 values) and p₀, p₁, q₀, q₁.</para>
/// <para>Decoding takes the statement, which fixes every count; each is compared before anything is
/// allocated, every element must be canonical, and no byte may remain; otherwise
/// <see cref="MalformedProofException"/>.</para>
/// </remarks>
public static class GraphProofEncoding
{
    private const int Size = 16;

    /// <summary>The canonical bytes of <paramref name="proof"/>.</summary>
    public static byte[] Encode(GraphProof proof)
    {
        var writer = new CanonicalWriter(4096);
        Write(proof, writer);
        return writer.ToArray();
    }

    /// <summary>Decodes a proof for <paramref name="statement"/>.</summary>
    /// <exception cref="MalformedProofException">Not the canonical encoding of a proof of the statement's shape.</exception>
    public static GraphProof Decode(ReadOnlySpan<byte> bytes, GraphStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        GraphCircuit circuit = statement.Circuit;
        var reader = new CanonicalReader(bytes);
        reader.Header(EncodingKind.GraphProof, Size);
        int rootLength = reader.Count("witness root length", circuit.Witness.IsEmpty ? 0 : MerkleTree.DigestSize);
        ImmutableArray<byte> root = [.. reader.Take(rootLength, "witness root")];
        int lookupCount = reader.Count("lookups", circuit.Lookups.Length);
        var lookups = ImmutableArray.CreateBuilder<LookupProof>(lookupCount);
        for (int l = 0; l < lookupCount; l++)
        {
            LookupArgument lookup = circuit.Lookups[l];
            FractionTreeProof<GoldilocksExt2> table = ReadTree(ref reader, lookup.Table.NumVariables, $"lookup {l} table tree");
            int columns = reader.Count($"lookup {l} columns", lookup.Columns.Length);
            var trees = ImmutableArray.CreateBuilder<FractionTreeProof<GoldilocksExt2>>(columns);
            for (int c = 0; c < columns; c++)
            {
                trees.Add(ReadTree(ref reader, circuit.NumVariables(lookup.Columns[c].X), $"lookup {l} column {c} tree"));
            }

            int evaluations = reader.Count($"lookup {l} leaf evaluations", lookup.Table.Columns == 2 ? 2 * columns : 0);
            lookups.Add(new LookupProof(table, trees.MoveToImmutable(), [.. reader.Elements<GoldilocksExt2>(evaluations)]));
        }

        int layerCount = reader.Count("layers", circuit.Layers.Length);
        var layers = new GkrLayerProof[layerCount];
        for (int i = 0; i < layerCount; i++)
        {
            layers[i] = GkrProofEncoding.ReadLayer(ref reader, circuit.Layers[i].Shape(circuit.ClaimCounts[i]), i);
        }

        (_, int tableClaims, int witnessClaims) = GraphShapes.FinalClaimCounts(circuit);
        BasefoldOpeningProof? modelOpening = null;
        if (GraphShapes.HasModelOpening(statement))
        {
            GraphModelCommitment mc = statement.ModelCommitment!;
            modelOpening = ReadOpening(ref reader, mc.Commitment, tableClaims, mc.Parameters, "model opening");
        }

        BasefoldOpeningProof? witnessOpening = null;
        if (statement.WitnessLayout is { } layout)
        {
            var commitment = new BasefoldCommitment(layout.NumVariables, statement.WitnessParameters.LogInverseRate, statement.WitnessParameters.LogArity, root);
            witnessOpening = ReadOpening(ref reader, commitment, witnessClaims, statement.WitnessParameters, "witness opening");
        }

        reader.End();
        return new GraphProof(root, lookups.MoveToImmutable(), [.. layers], modelOpening, witnessOpening);
    }

    internal static void Write(GraphProof proof, CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(proof);
        writer.Header(EncodingKind.GraphProof, Size);
        writer.Count(proof.WitnessRoot.Length);
        writer.Digests(proof.WitnessRoot.AsSpan());
        writer.Count(proof.Lookups.Length);
        foreach (LookupProof lookup in proof.Lookups)
        {
            WriteTree(lookup.Table, writer);
            writer.Count(lookup.Columns.Length);
            foreach (FractionTreeProof<GoldilocksExt2> tree in lookup.Columns)
            {
                WriteTree(tree, writer);
            }

            writer.Count(lookup.LeafEvaluations.Length);
            writer.Elements(lookup.LeafEvaluations.AsSpan());
        }

        writer.Count(proof.Layers.Length);
        foreach (GkrLayerProof layer in proof.Layers)
        {
            GkrProofEncoding.WriteLayer(layer, writer);
        }

        foreach (BasefoldOpeningProof? opening in new[] { proof.ModelOpening, proof.WitnessOpening })
        {
            if (opening is not null)
            {
                int start = writer.BeginLengthPrefix();
                BasefoldEncoding.Write(opening, writer);
                writer.EndLengthPrefix(start);
            }
        }
    }

    private static void WriteTree(FractionTreeProof<GoldilocksExt2> tree, CanonicalWriter writer)
    {
        writer.Element(tree.Numerator);
        writer.Element(tree.Denominator);
        foreach (FractionLayerProof<GoldilocksExt2> layer in tree.Layers)
        {
            ProofEncoding.WriteRounds(layer.Sumcheck, writer);
            writer.Elements<GoldilocksExt2>([layer.P0, layer.P1, layer.Q0, layer.Q1]);
        }
    }

    private static FractionTreeProof<GoldilocksExt2> ReadTree(ref CanonicalReader reader, int numVariables, string what)
    {
        GoldilocksExt2 p = reader.Element<GoldilocksExt2>(), q = reader.Element<GoldilocksExt2>();
        var layers = ImmutableArray.CreateBuilder<FractionLayerProof<GoldilocksExt2>>(numVariables);
        for (int k = 0; k < numVariables; k++)
        {
            SumcheckProof<GoldilocksExt2> sumcheck = ProofEncoding.ReadRounds<GoldilocksExt2>(ref reader, k, FractionTree.Degree + 1, $"{what} layer {k} rounds");
            GoldilocksExt2[] e = reader.Elements<GoldilocksExt2>(4);
            layers.Add(new FractionLayerProof<GoldilocksExt2>(sumcheck, e[0], e[1], e[2], e[3]));
        }

        return new FractionTreeProof<GoldilocksExt2>(p, q, layers.MoveToImmutable());
    }

    private static BasefoldOpeningProof ReadOpening(ref CanonicalReader reader, BasefoldCommitment commitment, int points, BasefoldParameters parameters, string what)
    {
        int length = reader.Bounded($"{what} length", reader.Remaining);
        ImmutableArray<GoldilocksExt2> zero = [.. new GoldilocksExt2[commitment.NumVariables]];
        var shape = new BasefoldOpeningStatement([commitment], [.. Enumerable.Repeat(zero, points)], [[.. new GoldilocksExt2[points]]]);
        return BasefoldEncoding.DecodeOpening(reader.Take(length, what), shape, parameters);
    }
}
