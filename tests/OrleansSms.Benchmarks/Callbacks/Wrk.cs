using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansSms.Benchmarks.Callbacks;

internal sealed record WrkResult(double RequestsPerSecond, long Requests, long Non2xx, long SocketErrors, long P50Us, long P90Us, long P99Us, long MaxUs)
{
    public string Line(string name) => string.Create(CultureInfo.InvariantCulture,
        $"{name} requests={Requests} req_per_s={RequestsPerSecond:F0} p50_ms={P50Us / 1000.0:F3} p90_ms={P90Us / 1000.0:F3} " +
        $"p99_ms={P99Us / 1000.0:F3} max_ms={MaxUs / 1000.0:F3} non2xx={Non2xx} socket_errors={SocketErrors}");
}

/// <summary>
/// The cross-check: wrk (C, far cheaper per request than HttpClient) posting the same report mix,
/// so the client takes less of the 2 cores and the servers' ceiling shows better.
/// </summary>
internal static partial class Wrk
{
    private const string Script = """
        local sent, delivered, failed = {}, {}, {}
        local n = 0
        init = function(args)
          math.randomseed(os.time() + math.floor(os.clock() * 1000000))
          local headers = { ["Content-Type"] = "application/json" }
          for line in io.lines(args[1]) do
            local path, s, d, f = line:match("^(.-)\t(.-)\t(.-)\t(.-)$")
            n = n + 1
            sent[n] = wrk.format("POST", path, headers, s)
            delivered[n] = wrk.format("POST", path, headers, d)
            failed[n] = wrk.format("POST", path, headers, f)
          end
        end
        request = function()
          local i = math.random(n)
          local roll = math.random(100)
          if roll <= 45 then return sent[i] elseif roll <= 90 then return delivered[i] else return failed[i] end
        end
        done = function(summary, latency, requests)
          io.write(string.format("WRK p50=%d p90=%d p99=%d max=%d requests=%d non2xx=%d sockerr=%d\n",
            latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
            summary.requests, summary.errors.status,
            summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
        end
        """;

    public static (string Script, string Data) WriteScript(string directory, string path, byte[][][] mixBodies)
    {
        var script = Path.Combine(directory, "reports.lua");
        var data = Path.Combine(directory, "reports.tsv");
        File.WriteAllText(script, Script);
        using var writer = new StreamWriter(data, false, new UTF8Encoding(false));
        foreach (var bodies in mixBodies)
        {
            writer.Write(path);
            foreach (var body in bodies)
            {
                writer.Write('\t');
                writer.Write(Encoding.UTF8.GetString(body));
            }

            writer.Write('\n');
        }

        return (script, data);
    }

    public static async Task<WrkResult?> RunAsync(string baseUrl, (string Script, string Data) files, int connections, double seconds)
    {
        var start = new ProcessStartInfo("wrk",
        [
            "-t", "2", "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)Math.Ceiling(seconds)}s", "-s", files.Script, baseUrl, "--", files.Data,
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Console.Error.WriteLine(output);
            var rps = RequestsPerSecond().Match(output);
            var summary = Summary().Match(output);
            if (!rps.Success || !summary.Success)
            {
                return null;
            }

            long Get(string group) => long.Parse(summary.Groups[group].Value, CultureInfo.InvariantCulture);
            return new WrkResult(double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture), Get("requests"), Get("non2xx"),
                Get("sockerr"), Get("p50"), Get("p90"), Get("p99"), Get("max"));
        }
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"WRK p50=(?<p50>\d+) p90=(?<p90>\d+) p99=(?<p99>\d+) max=(?<max>\d+) requests=(?<requests>\d+) non2xx=(?<non2xx>\d+) sockerr=(?<sockerr>\d+)")]
    private static partial Regex Summary();
}
