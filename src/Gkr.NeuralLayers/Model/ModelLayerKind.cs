namespace Gkr.NeuralLayers.Model;

/// <summary>The layer kinds; the value is the kind's tag in the <see cref="ModelFile"/> format.</summary>
/// <remarks>A closed set: a new kind adds its record, its tag here, its codec in <see cref="ModelFile"/>, its
/// reference kernel and its bound (each dispatch throws on a kind it does not know, so nothing is skipped silently).</remarks>
public enum ModelLayerKind : byte
{
    /// <summary><see cref="Model.Dense"/>.</summary>
    Dense = 1,

    /// <summary><see cref="Model.Conv2d"/>.</summary>
    Conv2d = 2,

    /// <summary><see cref="Model.Requantize"/>.</summary>
    Requantize = 3,

    /// <summary><see cref="Model.MaxPool2d"/>.</summary>
    MaxPool2d = 4,

    /// <summary><see cref="Model.SumPool2d"/>.</summary>
    SumPool2d = 5,

    /// <summary><see cref="Model.ResidualAdd"/>.</summary>
    ResidualAdd = 6,

    /// <summary><see cref="Model.Flatten"/>.</summary>
    Flatten = 7,

    /// <summary><see cref="Model.Reshape"/>.</summary>
    Reshape = 8,
}
