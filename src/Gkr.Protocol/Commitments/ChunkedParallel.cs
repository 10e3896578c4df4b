namespace Gkr.Protocol.Commitments;

/// <summary>A loop over [0, count) that runs in a few chunks per core when it is large enough to pay for it.</summary>
internal static class ChunkedParallel
{
    /// <summary>Runs <paramref name="body"/> for every index; in parallel chunks when count ≥ <paramref name="threshold"/>.</summary>
    public static void For(int count, int threshold, Action<int> body)
    {
        if (count < threshold)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        int chunks = Environment.ProcessorCount * 4;
        Parallel.For(0, chunks, c =>
        {
            int start = (int)((long)count * c / chunks), end = (int)((long)count * (c + 1) / chunks);
            for (int i = start; i < end; i++)
            {
                body(i);
            }
        });
    }
}
