using System.Runtime.Intrinsics.X86;

namespace Gkr.Field.Simd;

/// <summary>The x86 vendor and display family of the running CPU (CPUID leaves 0 and 1), for <see cref="SimdPolicy"/>.</summary>
/// <param name="Vendor">The CPUID vendor string, e.g. "AuthenticAMD"; empty off x86.</param>
/// <param name="Family">The display family (base family plus extended family), e.g. 0x19 for Zen 3/4, 0x1A for Zen 5.</param>
/// <param name="Model">The display model (extended model · 16 + base model).</param>
public sealed record CpuFamily(string Vendor, int Family, int Model)
{
    /// <summary>The CPU this process runs on.</summary>
    public static CpuFamily Current { get; } = Detect();

    /// <summary>True for AMD family 19h, the family of Zen 3 and Zen 4 (only Zen 4 has AVX-512).</summary>
    public bool IsAmdFamily19h => Vendor == "AuthenticAMD" && Family == 0x19;

    /// <summary>True for AMD family 1Ah (Zen 5).</summary>
    public bool IsAmdFamily1Ah => Vendor == "AuthenticAMD" && Family == 0x1A;

    /// <inheritdoc/>
    public override string ToString() => $"{(Vendor.Length == 0 ? "non-x86" : Vendor)} family {Family:X2}h model {Model:X2}h";

    private static CpuFamily Detect()
    {
        if (!X86Base.IsSupported)
        {
            return new CpuFamily(string.Empty, 0, 0);
        }

        (_, int ebx, int ecx, int edx) = X86Base.CpuId(0, 0);
        Span<byte> vendor = stackalloc byte[12];
        BitConverter.TryWriteBytes(vendor, ebx);
        BitConverter.TryWriteBytes(vendor[4..], edx);
        BitConverter.TryWriteBytes(vendor[8..], ecx);
        (int eax, _, _, _) = X86Base.CpuId(1, 0);
        int baseFamily = (eax >> 8) & 0xF, baseModel = (eax >> 4) & 0xF;
        // The extended fields count only when the base family is 0Fh (AMD) or 06h/0Fh (Intel, model).
        int family = baseFamily == 0xF ? baseFamily + ((eax >> 20) & 0xFF) : baseFamily;
        int model = baseFamily is 0xF or 0x6 ? (((eax >> 16) & 0xF) << 4) | baseModel : baseModel;
        return new CpuFamily(System.Text.Encoding.ASCII.GetString(vendor), family, model);
    }
}
