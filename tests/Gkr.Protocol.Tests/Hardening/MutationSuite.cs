using System.Buffers.Binary;
using Gkr.Field;
using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Tests.Hardening;

/// <summary>What a mutation run found for one encoding.</summary>
internal sealed class MutationReport(string name, int length)
{
    public string Name { get; } = name;

    public int Length { get; } = length;

    public int FieldMutations { get; set; }

    public int ByteFlips { get; set; }

    public int Truncations { get; set; }

    public int Appends { get; set; }

    public int Total => FieldMutations + ByteFlips + Truncations + Appends;

    public int Rejected { get; set; }

    /// <summary>Mutated bytes the receiver accepted: each is a failure.</summary>
    public List<string> Accepted { get; } = [];

    /// <summary>Mutated bytes on which the receiver threw something other than a typed rejection: each is a failure.</summary>
    public List<string> Crashed { get; } = [];

    /// <summary>How many rejections each check produced.</summary>
    public SortedDictionary<string, int> Reasons { get; } = new(StringComparer.Ordinal);

    public override string ToString() =>
        $"{Name}: {Length} bytes; {Total} mutations ({FieldMutations} field, {ByteFlips} byte flips, {Truncations} truncations, {Appends} appends): " +
        $"{Rejected} rejected, {Accepted.Count} accepted, {Crashed.Count} crashed; reasons: {string.Join(", ", Reasons.Select(r => $"{r.Key} {r.Value}"))}";
}

/// <summary>
/// The mutation suite, reusable for every encoding (<see cref="EncodedSample"/>): change every field
/// (every field element three ways, every count and integer, every digest, the header), flip bytes,
/// truncate at every length, append bytes; the receiver must reject each result with a typed error.
/// </summary>
/// <remarks>
/// A typed rejection is a <see cref="ProofRejectedException"/> (any verifier's) or a
/// <see cref="MalformedEncodingException"/> (a statement, circuit or commitment file that does not
/// decode). Fields and byte positions are all taken up to a maximum (10^4) and sampled
/// beyond it (seeded), so large encodings get at least that many of each; see <see cref="Full"/> for
/// what the CI run samples.
/// </remarks>
internal static class MutationSuite
{
    /// <summary>GKR_HARDENING_FULL=1 (the documented run): every variant of every field and every truncation length
    /// of large encodings too; otherwise, for encodings over 10^4 bytes, one random variant per field and 10^4 sampled lengths.</summary>
    public static bool Full => Environment.GetEnvironmentVariable("GKR_HARDENING_FULL") == "1";

    public static MutationReport Run(EncodedSample sample, int maxPositions = 10_000, int seed = 1)
    {
        var report = new MutationReport(sample.Name, sample.Bytes.Length);
        var rng = new Random(seed);
        byte[] honest = sample.Bytes;

        foreach (EncodedField field in Sampled(sample.Fields, maxPositions, rng))
        {
            // A variant that leaves the bytes as they were (all-ones written over a field that is already all ones) is no mutation.
            List<byte[]> variants = [.. FieldMutations(honest, field, rng).Where(v => !v.AsSpan().SequenceEqual(honest))];
            foreach (byte[] mutated in Full || honest.Length <= maxPositions ? variants : [variants[rng.Next(variants.Count)]])
            {
                report.FieldMutations++;
                Classify(sample, mutated, $"{field.Role} at {field.Offset}", report);
            }
        }

        foreach (int position in Sampled(Enumerable.Range(0, honest.Length).ToList(), maxPositions, rng))
        {
            byte[] mutated = (byte[])honest.Clone();
            mutated[position] ^= (byte)rng.Next(1, 256);
            report.ByteFlips++;
            Classify(sample, mutated, $"byte {position} flipped", report);
        }

        IReadOnlyList<int> lengths = Enumerable.Range(0, honest.Length).ToList();
        foreach (int length in Full ? lengths : Sampled(lengths, maxPositions, rng))
        {
            report.Truncations++;
            Classify(sample, honest[..length], $"truncated to {length}", report);
        }

        byte[] random = new byte[32];
        rng.NextBytes(random);
        foreach ((string what, byte[] tail) in (ReadOnlySpan<(string, byte[])>)[("one zero byte", [0]), ("one byte", random[..1]), ("8 bytes", random[..8]), ("32 bytes", random), ("a second copy", honest)])
        {
            report.Appends++;
            Classify(sample, [.. honest, .. tail], $"appended {what}", report);
        }

        return report;
    }

    /// <summary>The honest bytes must be accepted, or the suite would measure nothing.</summary>
    public static void RequireHonestAccepted(EncodedSample sample) => sample.Check((byte[])sample.Bytes.Clone());

    private static void Classify(EncodedSample sample, byte[] mutated, string what, MutationReport report)
    {
        try
        {
            sample.Check(mutated);
            report.Accepted.Add(what);
        }
        catch (ProofRejectedException ex)
        {
            Count(report, ex.GetType().Name.Replace("RejectedException", string.Empty, StringComparison.Ordinal) + "." + ex.Check);
        }
        catch (MalformedEncodingException ex)
        {
            Count(report, ex.GetType().Name);
        }
        catch (Exception ex)
        {
            report.Crashed.Add($"{what}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static void Count(MutationReport report, string reason)
    {
        report.Rejected++;
        report.Reasons[reason] = report.Reasons.GetValueOrDefault(reason) + 1;
    }

    private static IEnumerable<T> Sampled<T>(IReadOnlyList<T> items, int max, Random rng) =>
        items.Count <= max ? items : Enumerable.Range(0, max).Select(_ => items[rng.Next(items.Count)]);

    /// <summary>The changes of one field: elements +1, aliased by p (non-canonical) and replaced; integers ±1 and all-ones; digests and header bytes changed.</summary>
    private static IEnumerable<byte[]> FieldMutations(byte[] honest, EncodedField field, Random rng)
    {
        byte[] With(Action<Span<byte>> change)
        {
            byte[] copy = (byte[])honest.Clone();
            change(copy.AsSpan(field.Offset, field.Length));
            return copy;
        }

        switch (field.Role)
        {
            case FieldRole.Element:
                for (int c = 0; c < field.Length; c += 8)
                {
                    int at = c;
                    yield return With(s => BinaryPrimitives.WriteUInt64LittleEndian(s[at..], (Word(s, at) + 1) % Goldilocks.Modulus));
                }

                yield return With(s => BinaryPrimitives.WriteUInt64LittleEndian(s, Word(s, 0) <= ulong.MaxValue - Goldilocks.Modulus ? Word(s, 0) + Goldilocks.Modulus : ulong.MaxValue));
                yield return With(s => BinaryPrimitives.WriteUInt64LittleEndian(s, ((ulong)rng.NextInt64() ^ Word(s, 0) ^ 1) % Goldilocks.Modulus is var v && v != Word(s, 0) ? v : (v + 1) % Goldilocks.Modulus));
                break;
            case FieldRole.Count or FieldRole.Integer when field.Length >= 4:
                yield return With(s => s[0]++);
                yield return With(s => s[0]--);
                yield return With(s => s.Fill(0xFF));
                yield return With(s => s[^1] ^= 0x80);
                break;
            case FieldRole.Digest:
                yield return With(s => s[rng.Next(s.Length)] ^= (byte)(1 << rng.Next(8)));
                break;
            default:
                for (int i = 0; i < field.Length; i++)
                {
                    int at = i;
                    yield return With(s => s[at]++);
                }

                break;
        }
    }

    private static ulong Word(ReadOnlySpan<byte> span, int at) => BinaryPrimitives.ReadUInt64LittleEndian(span[at..]);
}
