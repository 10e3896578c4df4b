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
}
