using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Onnx;

/// <summary>How activation ranges are taken from the calibration samples.</summary>
public enum CalibrationMethod : byte
{
    /// <summary>The smallest and largest value seen.</summary>
    MinMax = 1,

    /// <summary>The <see cref="QuantizationOptions.Percentile"/> and 100 − percentile values seen (outliers clamp).</summary>
    Percentile = 2,
}

/// <summary>Options of <see cref="OnnxImporter.Quantize"/>.</summary>
public sealed record QuantizationOptions
{
    /// <summary>The calibration method; min/max by default.</summary>
    public CalibrationMethod Calibration { get; init; } = CalibrationMethod.MinMax;

    /// <summary>The upper percentile for <see cref="CalibrationMethod.Percentile"/>, in (50, 100]; 99.99 by default.</summary>
    public double Percentile { get; init; } = 99.99;

    /// <summary>The activation type (input included): uint8 by default, or int8; both carry a zero point.</summary>
    public QuantizedType ActivationType { get; init; } = QuantizedType.UInt8;

    /// <summary>Significant bits of each requantization multiplier (1 to 31): 16 by default (relative scale error below 2^-16); fewer are used where the remainder would otherwise exceed the range-check width of <see cref="Analysis.OverflowLimits.Default"/>.</summary>
    public int MultiplierBits { get; init; } = 16;

    /// <summary>The rounding of every requantization.</summary>
    public RoundingMode Rounding { get; init; } = RoundingMode.RoundHalfUp;

    /// <summary>Log2 of the larger residual branch multiplier (the smaller is scaled to match): 12 by default.</summary>
    public int ResidualBits { get; init; } = 12;
}
