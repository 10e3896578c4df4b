using FsCheck;
using FsCheck.Fluent;
using Gkr.Field;

namespace Gkr.Field.Tests;

/// <summary>
/// FsCheck generators: a quarter of the values come from the edge cases (0, 1, p − 1, 2^32, …),
/// the rest uniformly from the whole field, so both carries and typical values are exercised.
/// </summary>
public static class FieldArbitraries
{
    public const ulong P = Field.Goldilocks.Modulus;

    public static readonly ulong[] SpecialWords =
    [
        0, 1, 2, P - 1, P - 2, 1UL << 32, (1UL << 32) - 1, (1UL << 32) + 1, 1UL << 63, (1UL << 63) - 1, P >> 1, (P >> 1) + 1, 0xFFFF_FFFFUL << 16,
    ];

    /// <summary>A uniformly distributed 64-bit word built from four 16-bit draws.</summary>
    public static Gen<ulong> Word64 { get; } =
        from a in Gen.Choose(0, 0xFFFF)
        from b in Gen.Choose(0, 0xFFFF)
        from c in Gen.Choose(0, 0xFFFF)
        from d in Gen.Choose(0, 0xFFFF)
        select (ulong)(uint)a | ((ulong)(uint)b << 16) | ((ulong)(uint)c << 32) | ((ulong)(uint)d << 48);

    /// <summary>Canonical words: edge cases or uniform below p.</summary>
    public static Gen<ulong> CanonicalWord { get; } = Gen.Frequency(
        (1, Gen.Elements(SpecialWords)),
        (3, Word64.Where(w => w < P)));

    public static Arbitrary<Goldilocks> Goldilocks() => Arb.From(CanonicalWord.Select(Field.Goldilocks.FromCanonical));

    public static Arbitrary<GoldilocksExt2> GoldilocksExt2() =>
        Arb.From(
            from c0 in CanonicalWord
            from c1 in Gen.Frequency((1, Gen.Constant(0UL)), (3, CanonicalWord))
            select new Field.GoldilocksExt2(Field.Goldilocks.FromCanonical(c0), Field.Goldilocks.FromCanonical(c1)));

    public static Arbitrary<TinyField<Mod97>> Tiny97() =>
        Arb.From(Gen.Choose(0, 96).Select(v => TinyField<Mod97>.FromUInt64((ulong)v)));

    public static Arbitrary<TinyField<Mod8191>> Tiny8191() =>
        Arb.From(Gen.Choose(0, 8190).Select(v => TinyField<Mod8191>.FromUInt64((ulong)v)));
}
