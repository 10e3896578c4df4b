namespace Gkr.Protocol.Claims;

/// <summary>
/// The claims of one proof, collected by polynomial in order of arrival: lookups and reducers add the
/// claims they make, each layer takes the claims on its output, and what remains on tables, witness
/// columns and the input is discharged at the end (by openings or by the verifier's own evaluation).
/// </summary>
/// <remarks>Prover and verifier build their ledgers by the same steps, so the order of claims — and with it
/// every weight ρ^j — is the same on both sides.</remarks>
public sealed class ClaimLedger
{
    private readonly Dictionary<PolynomialRef, List<Claim>> _claims = [];

    /// <summary>Adds one claim.</summary>
    public void Add(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (!_claims.TryGetValue(claim.On, out List<Claim>? list))
        {
            _claims[claim.On] = list = [];
        }

        list.Add(claim);
    }

    /// <summary>Adds claims in order.</summary>
    public void AddRange(IEnumerable<Claim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        foreach (Claim claim in claims)
        {
            Add(claim);
        }
    }

    /// <summary>Removes and returns the claims on <paramref name="polynomial"/> (empty when there are none).</summary>
    public IReadOnlyList<Claim> Take(PolynomialRef polynomial) =>
        _claims.Remove(polynomial, out List<Claim>? list) ? list : [];

    /// <summary>Removes and returns every claim on polynomials of <paramref name="kind"/>, ordered by index, then arrival.</summary>
    public IReadOnlyList<Claim> TakeAll(PolynomialKind kind)
    {
        List<Claim> result = [];
        foreach (PolynomialRef key in _claims.Keys.Where(k => k.Kind == kind).OrderBy(k => k.Index).ToList())
        {
            result.AddRange(Take(key));
        }

        return result;
    }

    /// <summary>The polynomials that still have claims.</summary>
    public IEnumerable<PolynomialRef> Pending => _claims.Keys;
}
