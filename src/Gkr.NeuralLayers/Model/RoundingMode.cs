namespace Gkr.NeuralLayers.Model;

/// <summary>
/// How <see cref="Requantization"/> rounds the exact rational v / 2^n (v = x·M, n = 31 + s) to an integer.
/// Both are single, exact roundings of the exact product; neither saturates.
/// </summary>
public enum RoundingMode : byte
{
    /// <summary>
    /// Round half up, toward +∞: q = ⌊(v + 2^(n−1)) / 2^n⌋ (floor division), so 2.5 → 3 and −2.5 → −2.
    /// The witness is linear: v + 2^(n−1) = q·2^n + r with 0 ≤ r &lt; 2^n.
    /// This is not TFLite/gemmlowp bit for bit: gemmlowp rounds twice (SaturatingRoundingDoublingHighMul,
    /// then RoundingDivideByPOT), each half away from zero, so negative ties (−2.5 → −3) and rare double-rounding
    /// cases differ by one unit. Convert a TFLite model with that in mind.
    /// </summary>
    RoundHalfUp = 1,

    /// <summary>
    /// Round half to even (banker's rounding, as ONNX QuantizeLinear/QLinear* specify): q = ⌊v / 2^n⌋ + c with
    /// r = v − ⌊v / 2^n⌋·2^n, c = 1 if r &gt; 2^(n−1), c = ⌊v / 2^n⌋ mod 2 if r = 2^(n−1), otherwise c = 0.
    /// So 2.5 → 2, 3.5 → 4, −2.5 → −2, −3.5 → −4.
    /// </summary>
    RoundHalfToEven = 2,
}
