using BenchmarkDotNet.Running;
using OrleansSms.Benchmarks.Callbacks;
using OrleansSms.Benchmarks.Load;

namespace OrleansSms.Benchmarks;

/// <summary>
/// <c>import …</c> runs the end-to-end import load against a real silo process; anything else
/// goes to BenchmarkDotNet (e.g. <c>--filter *</c>).
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "import")
        {
            return await ImportLoad.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] is "callbacks" or "bare-kestrel")
        {
            return args[0] == "callbacks" ? await CallbackLoad.RunAsync(args[1..]) : await BareKestrel.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] is "newsletter" or "events") return args[0] == "newsletter" ? await Workflows.NewsletterLoad.RunAsync(args[1..]) : await Workflows.EventsLoad.RunAsync(args[1..]);

        if (args.Length > 0 && args[0] == "overload") return await Workflows.OverloadLoad.RunAsync(args[1..]);

        if (args.Length > 0 && args[0] == "throttle") return await Throttle.ThrottleLoad.RunAsync(args[1..]);

        if (args.Length > 0 && args[0] == "soak") return await SoakLoad.RunAsync(args[1..]);

        if (args.Length > 0 && args[0] == "directory") return await DirectoryLoad.RunAsync(args[1..]);

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
