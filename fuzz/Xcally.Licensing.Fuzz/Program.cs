using SharpFuzz;

namespace Xcally.Licensing.Fuzz;

/// <summary>
/// The fuzz program: <c>HARNESS</c> runs one harness under afl-fuzz; <c>seeds CORPUS OUT</c> writes the seed
/// folders; <c>run HARNESS FILE...</c> replays saved inputs. fuzz/run.sh drives all three.
/// </summary>
internal static class Program
{
    private static readonly Harness[] s_harnesses = [new ArmorHarness(), new EnvelopeHarness(), new PayloadHarness(), new TokenHarness(), new VerifyHarness()];

    public static int Main(string[] args)
    {
        if (args is ["seeds", var corpus, var output])
        {
            return SeedWriter.Write(corpus, output, s_harnesses);
        }

        if (args is ["run", var replayed, .. var files] && files.Length > 0 && Find(replayed) is { } harness)
        {
            return Replay.Run(harness, files);
        }

        if (args is ["list"])
        {
            foreach (var each in s_harnesses)
            {
                Console.WriteLine(each.Name);
            }

            return 0;
        }

        if (args is [var name] && Find(name) is { } fuzzed)
        {
            Fuzz(fuzzed);
            return 0;
        }

        Console.Error.WriteLine("usage: Xcally.Licensing.Fuzz HARNESS | seeds CORPUS_JSON OUT_DIR | run HARNESS FILE... | list");
        foreach (var each in s_harnesses)
        {
            Console.Error.WriteLine($"  {each.Name,-9} {each.Description}");
        }

        return 2;
    }

    private static Harness? Find(string name) => Array.Find(s_harnesses, h => h.Name == name);

    private static void Fuzz(Harness harness)
    {
        // SharpFuzz's out-of-process fork server: one .NET process runs input after input (persistent, so an
        // input costs microseconds, not a runtime start), under a parent that talks to afl-fuzz and restarts
        // it if it dies. With the in-process Fuzzer.Run, an input that times out or overflows the stack kills
        // the fork server and aborts the whole campaign; here it is saved as a hang or a crash and fuzzing
        // goes on. The parent restarts the child as "dotnet <command line>", so start it with dotnet.
        // One buffer for the whole run: afl-fuzz's inputs are small, and the harness copies what it keeps.
        var buffer = new MemoryStream();
        Fuzzer.OutOfProcess.Run(stream =>
        {
            buffer.SetLength(0);
            stream.CopyTo(buffer);

            // Edges are (previous block, this block) pairs: without this, an input's first edge depends on
            // where the input before it ended, and afl-fuzz sees the same input take different paths.
            SharpFuzz.Common.Trace.PrevLocation = 0;
            harness.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
    }
}
