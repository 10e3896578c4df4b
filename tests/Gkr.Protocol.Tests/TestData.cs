using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests;

/// <summary>Seeded random instances and the honest prove/verify/final-check cycle used across tests.</summary>
public static class TestData
{
    public const string ProtocolId = "gkr/tests/sumcheck";

    public static T[] RandomTable<T>(int length, ref RandomSource source) where T : unmanaged, IField<T>
    {
        var table = new T[length];
        for (int i = 0; i < length; i++)
        {
            table[i] = T.Sample(ref source);
        }

        return table;
    }

    public static TBase[][] RandomTables<TBase>(int count, int numVariables, ref RandomSource source) where TBase : unmanaged, IField<TBase>
    {
        var tables = new TBase[count][];
        for (int j = 0; j < count; j++)
        {
            tables[j] = RandomTable<TBase>(1 << numVariables, ref source);
        }

        return tables;
    }

    /// <summary>The compositions every completeness test covers (degrees 1..5, repeated factors, coefficients).</summary>
    public static IReadOnlyList<(string Name, Composition<T> Composition)> Compositions<T>() where T : unmanaged, IField<T> =>
    [
        ("f*g", Composition<T>.Product(2)),
        ("f*g*h", Composition<T>.Product(3)),
        ("eq*f*g", Composition<T>.Product(3)), // factor 0 is replaced by an eq table
        ("3fg + 5abc - f", new Composition<T>(5, [new(T.FromUInt64(3), 0, 1), new(T.FromUInt64(5), 2, 3, 4), new(-T.One, 0)])),
        ("f1*f2*f3*f4", Composition<T>.Product(4)),
        ("a*a*b*c*d + 2e", new Composition<T>(5, [new(T.One, 0, 0, 1, 2, 3), new(T.FromUInt64(2), 4)])),
        ("7*f*g", new Composition<T>(2, [new(T.FromUInt64(7), 0, 1)])),
        ("f", new Composition<T>(1, [new(T.One, 0)])),
    ];

    /// <summary>Tables for a named composition: random, except "eq*f*g" whose first factor is an eq table.</summary>
    public static TBase[][] TablesFor<TBase>(string name, int factorCount, int numVariables, ref RandomSource source) where TBase : unmanaged, IField<TBase>
    {
        TBase[][] tables = RandomTables<TBase>(factorCount, numVariables, ref source);
        if (name == "eq*f*g")
        {
            TBase[] r = RandomTable<TBase>(numVariables, ref source);
            tables[0] = EqTable.Build<TBase>(r);
        }

        return tables;
    }

    /// <summary>The caller's final check: g(f_0(r), …) = claim.Value, evaluating every table at r.</summary>
    public static bool FinalCheck<TBase, TExt>(Composition<TExt> composition, IReadOnlyList<TBase[]> tables, SumcheckClaim<TExt> claim)
        where TBase : unmanaged, IField<TBase>
        where TExt : unmanaged, IExtensionField<TExt, TBase>
    {
        var values = new TExt[tables.Count];
        for (int j = 0; j < values.Length; j++)
        {
            values[j] = Multilinear.Evaluate<TBase, TExt>(tables[j], claim.Point.AsSpan());
        }

        return composition.Evaluate(values) == claim.Value;
    }

    /// <summary>Honest statement, proof and the prover's result for the given tables.</summary>
    public static (SumcheckStatement<TExt> Statement, SumcheckProverResult<TExt> Result) ProveHonest<TBase, TExt>(
        Composition<TExt> composition, TBase[][] tables, int numVariables, SumcheckOptions? options = null)
        where TBase : unmanaged, IField<TBase>
        where TExt : unmanaged, IExtensionField<TExt, TBase>
    {
        TExt sum = SumcheckProver.ComputeSum(composition, tables);
        var statement = new SumcheckStatement<TExt>(numVariables, composition, sum);
        SumcheckProverResult<TExt> result = SumcheckProver.Prove(statement, tables, new Transcript(ProtocolId), options);
        return (statement, result);
    }
}
