namespace Xcally.Licensing.Fuzz;

/// <summary>
/// <c>run HARNESS FILE...</c>: runs saved inputs through a harness outside afl-fuzz and prints what each
/// one throws, with the top of its stack, so a crash afl-fuzz found can be read. Run it from the
/// uninstrumented build: instrumented code writes its coverage to memory only afl-fuzz (or SharpFuzz's
/// own runner) sets up.
/// </summary>
internal static class Replay
{
    private const int StackFrames = 12;

    public static int Run(Harness harness, IEnumerable<string> paths)
    {
        var failures = 0;
        foreach (var path in paths)
        {
            var input = File.ReadAllBytes(path);
            try
            {
                harness.Run(input);
                Console.WriteLine($"{path}: {harness.Name}: no exception ({input.Length} bytes)");
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"{path}: {harness.Name}: {e.GetType().FullName}: {e.Message}");
                foreach (var line in (e.StackTrace ?? string.Empty).Split('\n').Take(StackFrames))
                {
                    Console.WriteLine("    " + line.Trim());
                }

                for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
                {
                    Console.WriteLine($"    inner: {inner.GetType().FullName}: {inner.Message}");
                }
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
