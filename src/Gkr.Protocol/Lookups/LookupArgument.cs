using System.Collections.Immutable;
using Gkr.Protocol.Claims;

namespace Gkr.Protocol.Lookups;

/// <summary>One looked-up column: the values X (and Y for a two-column table) must form rows of the table.</summary>
/// <param name="X">The first column's polynomial (a witness column or layer values).</param>
/// <param name="Y">The second column's polynomial, for two-column tables; null otherwise.</param>
public sealed record LookupColumn(PolynomialRef X, PolynomialRef? Y = null);

/// <summary>
/// A LogUp lookup of a <see cref="Graph.GraphCircuit"/>: every entry of every column in <see cref="Columns"/>
/// is a row of <see cref="Table"/>, with the multiplicities in the witness column <see cref="Multiplicities"/>
/// (one per table row, committed with the proof's witness). One lookup per table serves the whole circuit.
/// </summary>
/// <param name="Table">The table.</param>
/// <param name="Columns">The looked-up columns (each of its own power-of-two size).</param>
/// <param name="Multiplicities">The witness column m (2^table.NumVariables entries).</param>
public sealed record LookupArgument(LookupTable Table, ImmutableArray<LookupColumn> Columns, PolynomialRef Multiplicities);
