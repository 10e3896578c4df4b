using System.Collections.Immutable;
using Gkr.Field;

namespace Gkr.Protocol.Claims;

/// <summary>
/// An evaluation claim P̃(<see cref="Point"/>) = <see cref="Value"/> on the multilinear extension of the
/// polynomial <see cref="On"/> (coordinate 0 is the most significant index bit, as everywhere).
/// </summary>
/// <param name="On">The polynomial.</param>
/// <param name="Point">One coordinate per variable of the polynomial.</param>
/// <param name="Value">The claimed value.</param>
public sealed record Claim(PolynomialRef On, ImmutableArray<GoldilocksExt2> Point, GoldilocksExt2 Value)
{
    /// <summary>The claim as a layer claim (the polynomial dropped), for reducers of <see cref="Circuits.CircuitLayer"/>.</summary>
    public Gkr.LayerClaim ToLayerClaim() => new(Point, Value);

    /// <summary>Σ_j w_j·v_j: the weighted claim a layer proves for <paramref name="claims"/> with <paramref name="weights"/>.</summary>
    public static GoldilocksExt2 Combined(IReadOnlyList<Claim> claims, IReadOnlyList<GoldilocksExt2> weights)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(weights);
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int j = 0; j < claims.Count; j++)
        {
            total += weights[j] * claims[j].Value;
        }

        return total;
    }
}
