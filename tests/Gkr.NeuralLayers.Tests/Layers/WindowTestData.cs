using Gkr.Field;
using Gkr.NeuralLayers.Layers;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>Inputs in the window layout (garbage at padded positions, which no layer may read) and direct loops over it.</summary>
internal static class WindowTestData
{
    /// <summary>Index of (b, c, h, w) in a tensor padded to 2^cv × 2^hv × 2^wv per image.</summary>
    public static int Index(int cv, int hv, int wv, int b, int c, int h, int w) => (((((b << cv) + c) << hv) + h) << wv) + w;

    /// <summary>Random values in [−range, range] at real positions, large garbage at padded ones.</summary>
    public static long[] Image(WindowGeometry g, Random rng, int range, bool garbageChannels = true)
    {
        var x = new long[1 << g.InputVariables];
        for (int b = 0; b < 1 << g.BatchVariables; b++)
        {
            for (int c = 0; c < 1 << g.ChannelVariables; c++)
            {
                for (int h = 0; h < 1 << g.InHeightVariables; h++)
                {
                    for (int w = 0; w < 1 << g.InWidthVariables; w++)
                    {
                        bool real = h < g.InHeight && w < g.InWidth && (c < g.Channels || garbageChannels);
                        bool padded = h >= g.InHeight || w >= g.InWidth || c >= g.Channels;
                        x[Index(g.ChannelVariables, g.InHeightVariables, g.InWidthVariables, b, c, h, w)] =
                            padded && garbageChannels ? rng.Next(-1_000_000, 1_000_000) : real ? rng.Next(-range, range + 1) : 0;
                    }
                }
            }
        }

        return x;
    }

    /// <summary>The direct sliding-window loop: out[b, o, y, x] = init(o) + Σ over in-range (c, u, v) of term(o, c, u, v, X value); 0 at padded outputs.</summary>
    public static long[] Window(WindowGeometry g, long[] x, int outChannels, int outChannelVariables, Func<int, long> init, Func<int, int, IEnumerable<int>> channels, Func<int, int, int, int, long, long> term)
    {
        int cv = g.ChannelVariables, hv = g.InHeightVariables, wv = g.InWidthVariables;
        var result = new long[1 << (g.BatchVariables + outChannelVariables + g.OutHeightVariables + g.OutWidthVariables)];
        for (int b = 0; b < 1 << g.BatchVariables; b++)
        {
            for (int o = 0; o < outChannels; o++)
            {
                for (int y = 0; y < g.OutHeight; y++)
                {
                    for (int xo = 0; xo < g.OutWidth; xo++)
                    {
                        long sum = init(o);
                        foreach (int c in channels(b, o))
                        {
                            for (int u = 0; u < g.KernelHeight; u++)
                            {
                                for (int v = 0; v < g.KernelWidth; v++)
                                {
                                    int iy = (y * g.StrideHeight) + u - g.PaddingHeight, ix = (xo * g.StrideWidth) + v - g.PaddingWidth;
                                    if (iy >= 0 && iy < g.InHeight && ix >= 0 && ix < g.InWidth)
                                    {
                                        sum += term(o, c, u, v, x[Index(cv, hv, wv, b, c, iy, ix)]);
                                    }
                                }
                            }
                        }

                        result[Index(outChannelVariables, g.OutHeightVariables, g.OutWidthVariables, b, o, y, xo)] = sum;
                    }
                }
            }
        }

        return result;
    }

    public static Goldilocks[] Field(IEnumerable<long> values) => [.. values.Select(Goldilocks.FromInt64)];
}
