using Gkr.Protocol.Commitments;

namespace Gkr.Protocol.Tests.Commitments;

/// <summary>Parameters follow from the declared target and the stated bound.</summary>
public class LigeroParametersTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 0)]
    [InlineData(3, 16)]
    [InlineData(4, 16)]
    public void QueriesAreTheLeastMeetingTheTarget(int logInverseRate, int pow)
    {
        LigeroParameters parameters = LigeroParameters.ForSecurity(100, logInverseRate, pow);
        double perQuery = -Math.Log2(1 - ((1 - Math.ScaleB(1.0, -logInverseRate)) / 2));
        Assert.True((parameters.Queries * perQuery) + pow >= 100);
        Assert.True(((parameters.Queries - 2) * perQuery) + pow < 100);
        foreach (int n in new[] { 0, 10, 20, 22 })
        {
            Assert.True(parameters.SecurityBits(parameters.ShapeFor(n)) >= 100);
        }
    }

    [Fact]
    public void DefaultIsProvenRateOneEighthWith100Bits()
    {
        LigeroParameters parameters = LigeroParameters.Default;
        Assert.Equal(ProximityBound.UniqueDecoding, parameters.Bound);
        Assert.Equal(3, parameters.LogInverseRate);
        Assert.Equal(0.4375, parameters.ProximityParameter);
        Assert.Contains("proven unique-decoding bound", parameters.Describe(parameters.ShapeFor(20)));
    }

    [Fact]
    public void ConjecturedBoundNeedsFewerQueries()
    {
        Assert.True(LigeroParameters.ForSecurity(100, bound: ProximityBound.JohnsonConjectured).Queries < LigeroParameters.Default.Queries);
    }

    [Fact]
    public void ShapeBalancesColumnsAgainstRows()
    {
        LigeroShape shape = LigeroParameters.Default.ShapeFor(20);
        Assert.InRange(shape.RowVariables, 6, 10);
        Assert.True(shape.IsValid);
    }
}
