using System.Globalization;
using System.Text.Json;
using Gkr.Field;

namespace Gkr.Protocol.Circuits;

/// <summary>
/// The checks every part of a JSON circuit file (<see cref="CircuitFile"/>) uses, for the file itself and for
/// the layer kinds' JSON readers (<see cref="CircuitLayerJsonReader"/>): each failure is a one-line
/// <see cref="MalformedCircuitException"/> that names where it is.
/// </summary>
public static class CircuitJson
{
    /// <summary>Requires an object with exactly <paramref name="members"/> (in any order) and returns it.</summary>
    /// <param name="element">The element.</param>
    /// <param name="what">Where it is, for messages ("layer 3").</param>
    /// <param name="members">The members it must have and the only ones it may have.</param>
    /// <exception cref="MalformedCircuitException">Not an object, an unknown member or a missing one.</exception>
    public static JsonElement Object(JsonElement element, string what, params string[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedCircuitException($"{what} must be a JSON object.");
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!members.Contains(property.Name))
            {
                throw new MalformedCircuitException($"{what}: unknown member \"{property.Name}\".");
            }
        }

        foreach (string member in members)
        {
            if (!element.TryGetProperty(member, out _))
            {
                throw new MalformedCircuitException($"{what}: missing member \"{member}\".");
            }
        }

        return element;
    }

    /// <summary>A JSON number that is a 32-bit integer.</summary>
    /// <exception cref="MalformedCircuitException">Anything else.</exception>
    public static int Int(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value)
            ? value
            : throw new MalformedCircuitException($"{where}: expected a 32-bit integer, got {element.GetRawText()}.");

    /// <summary>A field constant: a decimal string of a canonical value (below p).</summary>
    /// <exception cref="MalformedCircuitException">Anything else.</exception>
    public static Goldilocks Constant(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.String
        && ulong.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
        && value < Goldilocks.Modulus
            ? Goldilocks.FromCanonical(value)
            : throw new MalformedCircuitException($"{where}: a constant is a decimal string below p = {Goldilocks.Modulus}, got {element.GetRawText()}.");
}
