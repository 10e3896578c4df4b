using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Gkr.Cli;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Gkr;

namespace Gkr.Cli.Tests;

/// <summary>
/// Issue 18: every file option reads through one bounded reader. A file one byte over its kind's limit, a
/// 1.5 GB sparse file (zeros, or a valid header and then zeros), /dev/zero and a FIFO fed without end are
/// each bad input on one line naming the file, and the 1.5 GB files cost a separate gkr process less than
/// 100 MB above its baseline.
/// </summary>
public sealed partial class MalformedFileTests
{
    /// <summary>1.5 GB: over every default limit and over the 2 GB the BCL's File.ReadAllBytes refuses only past it.</summary>
    private const long Huge = 1_500_000_000;

    /// <summary>What a bad file may cost a gkr process above its baseline.</summary>
    private const long PeakAllowance = 100L << 20;

    /// <summary>Every (command, option) that reads a file.</summary>
    private static readonly (string Command, string Option)[] FileOptions =
    [
        ("prove", "--circuit"), ("prove", "--input"), ("prove-committed", "--committed"), ("prove-committed", "--commitment"),
        ("verify", "--circuit"), ("verify", "--input"), ("verify", "--output"), ("verify", "--proof"),
        ("verify-committed", "--proof"), ("verify-committed", "--commitment"), ("verify-statement", "--statement"), ("verify-statement", "--circuit"),
        ("commit", "--values"), ("inspect", ValidFiles.Positional), ("inspect", "--circuit"),
    ];

    /// <summary>Files too large or without end.</summary>
    private static readonly string[] Oversized = ["one-byte-over-limit", "sparse-zeros", "sparse-after-header", "dev-zero", "fifo-zeros", "fifo-after-header"];

    public static TheoryData<string, string, string> OversizedCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach ((string command, string option) in FileOptions)
        {
            foreach (string malformation in Oversized)
            {
                data.Add(command, option, malformation);
            }
        }

        return data;
    }

    public static TheoryData<string, string, string> SparseCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach ((string command, string option) in FileOptions)
        {
            data.Add(command, option, "sparse-zeros");
            data.Add(command, option, "sparse-after-header");
        }

        return data;
    }

    /// <summary>
    /// Bad input on one line naming the file, never an internal error or a hang. A FIFO's writer sends a valid
    /// header (or zeros) and then zeros until the reader closes; with a header, <c>--max-file-size 1M</c> keeps the
    /// circuit and values limits small, so the test reads a megabyte, not 256 MiB.
    /// </summary>
    [Theory]
    [MemberData(nameof(OversizedCases))]
    public async Task AnOversizedOrEndlessFileIsBadInputOnOneLine(string command, string option, string malformation)
    {
        using FeedingFifo? fifo = malformation.StartsWith("fifo", StringComparison.Ordinal) ? files.Fifo(command, option, withHeader: malformation == "fifo-after-header") : null;
        string path = fifo?.Path ?? files.Oversized(command, option, malformation);
        string[] args = files.Arguments(command, option, path);
        if (malformation == "fifo-after-header")
        {
            args = [.. args, "--max-file-size", "1M"];
        }

        // A hang (reading an endless file to its end) fails with a TimeoutException instead of stopping the run.
        (int exit, string error) = await Task.Run(() => Run(args)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == CliErrors.BadInput, $"exit {exit}: {error}");
        Assert.Contains($"{option} {path}: ", error);
        if (malformation is "one-byte-over-limit" or "sparse-after-header" or "fifo-after-header")
        {
            long limit = malformation == "fifo-after-header" && files.Limit(command, option) == FileLimits.DefaultMaxFileSize ? 1 << 20 : files.Limit(command, option);
            Assert.Contains($"is larger than", error);
            Assert.Contains($"(limit {limit:N0} bytes)", error);
        }
    }

    /// <summary>The 1.5 GB sparse files in a separate gkr process: its peak resident memory (VmHWM, reported through the
    /// GKR_REPORT_PEAK hook) stays within <see cref="PeakAllowance"/> of the same process verifying honest files.</summary>
    [Theory]
    [MemberData(nameof(SparseCases))]
    public void AHugeSparseFileCostsAProcessNoMemory(string command, string option, string malformation)
    {
        string path = files.Oversized(command, option, malformation);
        (int exit, string error, long peak) = GkrRunner.RunProcess(files.Arguments(command, option, path));
        Assert.True(exit == CliErrors.BadInput, $"exit {exit}: {error}");
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("internal error", error);
        log.WriteLine($"peak {peak >> 20} MiB (baseline {files.BaselinePeak >> 20} MiB): {error.Trim()}");
        Assert.True(peak < files.BaselinePeak + PeakAllowance, $"peak {peak:N0} bytes, baseline {files.BaselinePeak:N0}: {error}");
    }

    /// <summary>The bounds admit the honest files: the all-public proof is exactly its bound, the others within theirs.</summary>
    [Fact]
    public void TheBoundsAdmitTheHonestFiles()
    {
        foreach ((string command, string option) in FileOptions)
        {
            Assert.True(new FileInfo(files.ValidPath(command, option)).Length <= files.Limit(command, option), $"{command} {option}");
        }

        Assert.Equal(new FileInfo(files.ValidPath("verify", "--proof")).Length, files.Limit("verify", "--proof"));
    }

    /// <summary><c>--max-file-size</c> sets the limit of circuits and value files: a file of exactly the limit is read, one byte
    /// more is not; the largest limit is one byte under the longest array (2,147,483,590 bytes).</summary>
    [Fact]
    public void MaxFileSizeSetsTheLimitOfCircuitsAndValues()
    {
        Assert.Equal(FileLimits.MaxReadable, Array.MaxLength - 1);
        long circuit = new FileInfo(files.ValidPath("verify", "--circuit")).Length;
        long largest = new[] { "--circuit", "--input", "--output" }.Max(option => new FileInfo(files.ValidPath("verify", option)).Length);
        string[] valid = files.Arguments("verify", string.Empty, null);
        Assert.Equal(CliErrors.Ok, GkrRunner.Run([.. valid, "--max-file-size", largest.ToString(CultureInfo.InvariantCulture)]).Exit);
        (int exit, string error) = Run([.. valid, "--max-file-size", (circuit - 1).ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.Contains($"--circuit {files.ValidPath("verify", "--circuit")}: circuit file is larger than --max-file-size allows (limit {circuit - 1:N0} bytes)", error);
        Assert.Equal(CliErrors.Ok, GkrRunner.Run([.. valid, "--max-file-size", "2000M"]).Exit);
        foreach (string bad in new[] { "0", "-1", "1T", "2147483591", "abc", "2G" })
        {
            Assert.Equal(CliErrors.BadInput, Run([.. valid, "--max-file-size", bad]).Exit);
        }
    }

    /// <summary>A FIFO whose writer, on a background task, sends a header (or nothing) and zeros until the reader closes.</summary>
    public sealed class FeedingFifo : IDisposable
    {
        private readonly Task _writer;
        private volatile bool _opened;

        public FeedingFifo(string path, byte[] header)
        {
            Path = path;
            Assert.Equal(0, MakeFifo(path, Convert.ToUInt32("600", 8)));
            _writer = Task.Run(() =>
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
                _opened = true;
                var zeros = new byte[1 << 16];
                try
                {
                    stream.Write(header);
                    while (true)
                    {
                        stream.Write(zeros);
                    }
                }
                catch (IOException)
                {
                    // The reader closed its end (EPIPE): what the test wanted.
                }
            });
        }

        public string Path { get; }

        public void Dispose()
        {
            if (!_opened)
            {
                // gkr never opened the FIFO: open the reading end ourselves so that the writer's open returns.
                new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0).Dispose();
            }

            Assert.True(_writer.Wait(TimeSpan.FromSeconds(30)), "the FIFO writer did not stop");
            File.Delete(Path);
        }

        [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
        private static extern int MakeFifo(string path, uint mode);
    }

    public sealed partial class ValidFiles
    {
        /// <summary>The pseudo-option of <c>gkr inspect</c>'s positional file argument.</summary>
        public const string Positional = "file";

        private long _baselinePeak = -1;

        /// <summary>The peak resident memory of a gkr process verifying the honest demo files (measured once).</summary>
        public long BaselinePeak => _baselinePeak >= 0 ? _baselinePeak : _baselinePeak = MeasureBaseline();

        /// <summary>The valid file of a slot.</summary>
        public string ValidPath(string command, string option) => ValidFileFor(command, option);

        /// <summary>The limit of the file in a slot: what its statement or circuit allows for proofs and statements, the
        /// length of a commitment file, and the default limit for circuits and value files.</summary>
        public long Limit(string command, string option) => (command, option) switch
        {
            (_, "--proof") => ProofLimit(command),
            ("inspect", Positional) => GkrProofEncoding.MaxLength(CircuitFile.Parse(File.ReadAllText(PathOf("circuit.json")))),
            (_, "--statement") => GkrStatementEncoding.MaxLength(CircuitEncoding.Decode(File.ReadAllBytes(PathOf("circuit.bin")))),
            (_, "--commitment") => BasefoldCommitmentFile.Length,
            _ => FileLimits.DefaultMaxFileSize,
        };

        /// <summary>The most bytes the proof given to <paramref name="command"/> may have.</summary>
        public long ProofLimit(string command) => command == "verify-committed"
            ? GkrProofEncoding.MaxLength(GkrStatementEncoding.Decode(File.ReadAllBytes(PathOf("cstatement.bin")), CircuitFile.Parse(File.ReadAllText(PathOf("ccircuit.json")))))
            : GkrProofEncoding.MaxLength(CircuitFile.Parse(File.ReadAllText(PathOf("circuit.json"))));

        /// <summary>A huge file for a slot: one byte over its limit (the valid file, then zeros), or 1.5 GB sparse, all zeros
        /// or after the valid file's first 8 bytes (<see cref="FileStream.SetLength"/>: no disk is used); or /dev/zero.</summary>
        public string Oversized(string command, string option, string malformation)
        {
            if (malformation == "dev-zero")
            {
                return "/dev/zero";
            }

            string path = PathOf($"huge-{Interlocked.Increment(ref _next)}");
            byte[] valid = File.ReadAllBytes(ValidFileFor(command, option));
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            switch (malformation)
            {
                case "one-byte-over-limit":
                    stream.Write(valid);
                    stream.SetLength(Limit(command, option) + 1);
                    break;
                case "sparse-zeros":
                    stream.SetLength(Huge);
                    break;
                case "sparse-after-header":
                    stream.Write(valid.AsSpan(0, 8));
                    stream.SetLength(Huge);
                    break;
                default:
                    throw new ArgumentException($"unknown malformation {malformation}", nameof(malformation));
            }

            return path;
        }

        /// <summary>A FIFO for a slot, fed zeros, after the valid file's first 8 bytes when <paramref name="withHeader"/>.</summary>
        public FeedingFifo Fifo(string command, string option, bool withHeader) =>
            new(PathOf($"fifo-{Interlocked.Increment(ref _next)}"), withHeader ? File.ReadAllBytes(ValidFileFor(command, option))[..8] : []);

        private long MeasureBaseline()
        {
            (int exit, string error, long peak) = GkrRunner.RunProcess(Arguments("verify", string.Empty, null));
            Assert.True(exit == CliErrors.Ok, error);
            return peak;
        }
    }
}
