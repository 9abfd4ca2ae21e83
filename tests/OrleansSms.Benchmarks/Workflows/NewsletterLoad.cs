using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OrleansSms.Benchmarks.Workflows;

/// <summary>
/// <c>newsletter --storage memory|postgres [--contacts 100000] [--postgres "conn"] [--max-load 2.5]
/// [--max-wait-minutes 10] [--timeout-minutes 30] [--standalone-simulator]</c>: starts a silo
/// (bundled simulator, or with <c>--standalone-simulator</c> one in its own process, as Instasent
/// is to a production silo, so the silo's memory holds no simulated messages; delivery
/// reports held back for an hour so no callback load mixes in), imports N contacts with distinct
/// phones (every 5th <c>notSubscribed</c>, the rest <c>subscribed</c>), saves a one-node
/// newsletter workflow, starts a run and polls it every 500 ms until it completes. Prints
/// contacts/s (N / time from POST runs to the poll that saw it completed, and from the run's own
/// startedAt/completedAt), checks sent and skipped exactly against what was imported and the
/// simulator's accepted count against sent, and prints the silo's peak RSS and CPU.
/// </summary>
internal static class NewsletterLoad
{
    /// <summary>How often the run\'s progress is read.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<int> RunAsync(string[] args)
    {
        var storage = WorkflowBench.Option(args, "--storage") ?? "memory";
        var contacts = int.Parse(WorkflowBench.Option(args, "--contacts") ?? "100000", CultureInfo.InvariantCulture);
        var postgres = WorkflowBench.Option(args, "--postgres") ?? Environment.GetEnvironmentVariable("ORLEANSSMS_TEST_POSTGRES") ?? WorkflowBench.DefaultPostgres;
        var maxLoad = double.Parse(WorkflowBench.Option(args, "--max-load") ?? "2.5", CultureInfo.InvariantCulture);
        var maxWait = TimeSpan.FromMinutes(double.Parse(WorkflowBench.Option(args, "--max-wait-minutes") ?? "10", CultureInfo.InvariantCulture));
        var timeout = TimeSpan.FromMinutes(double.Parse(WorkflowBench.Option(args, "--timeout-minutes") ?? "30", CultureInfo.InvariantCulture));
        var restart = args.Contains("--restart");
        var readSeconds = double.Parse(WorkflowBench.Option(args, "--npgsql-read-seconds") ?? (storage == "postgres" ? "10" : "0"), CultureInfo.InvariantCulture);
        var readClients = int.Parse(WorkflowBench.Option(args, "--npgsql-read-clients") ?? "16", CultureInfo.InvariantCulture);

        static string Subscription(int i) => i % 5 == 0 ? "notSubscribed" : "subscribed";
        var expectedSent = contacts - contacts / 5;
        var expectedNotSubscribed = contacts / 5;

        await using var bench = await WorkflowBench.StartAsync(
            storage, postgres, deliveryDelayMs: 3_600_000, duplicateReportRate: 0, standaloneSimulator: args.Contains("--standalone-simulator"));
        var store = "nl" + Guid.NewGuid().ToString("N")[..8];
        await bench.PutChannelAsync(store);
        var (created, rejected, importTime) = await bench.ImportAsync(store, contacts, Subscription);
        Console.WriteLine($"storage={storage} imported created={created} rejected={rejected} in {importTime.TotalSeconds:F1} s");
        if (created != contacts || rejected != 0)
        {
            Console.WriteLine("FAIL: the import did not create every contact");
            return 1;
        }

        if (restart)
        {
            var peakAfterImport = bench.Silo.PeakRssMiB();
            await bench.RestartSiloAsync();
            Console.WriteLine($"restarted the silo after the import (import peak RSS {peakAfterImport:F0} MiB): the run meets every contact cold");
        }

        await bench.PutSmsAsync(store, "weekly", "Hola {{firstName}}, esta semana 20% en todo. Responde STOP para no recibir mas.");
        await bench.PutWorkflowAsync(store, "weekly", """
            {"name":"Weekly","trigger":{"type":"newsletter"},"start":"send","nodes":[
             {"id":"send","type":"sendSms","smsId":"weekly","recipient":{"type":"contact"},"kind":"newsletter","senderName":"MyShop",
              "variables":{"firstName":{"from":"contact","field":"firstName","fallback":""}},"next":null}]}
            """);

        var load = await WorkflowBench.WaitForQuietHostAsync(maxLoad, maxWait);
        var rssBefore = bench.Silo.RssMiB();
        var cpuWindow = new WorkflowBench.CpuWindow(bench.Silo);
        var runId = "weekly-" + Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        await bench.SendOkAsync(HttpMethod.Post, $"/api/stores/{store}/workflows/weekly/runs", $$"""{"runId":"{{runId}}"}""");
        var accepted = clock.Elapsed;

        JsonElement run;
        var lastPrint = TimeSpan.Zero;
        while (true)
        {
            await Task.Delay(ProgressInterval);
            using var document = JsonDocument.Parse(await bench.Api.GetStringAsync($"/api/stores/{store}/workflows/weekly/runs/{runId}"));
            run = document.RootElement.Clone();
            var status = run.GetProperty("status").GetString();
            if (status == "completed")
            {
                break;
            }

            if (clock.Elapsed - lastPrint >= TimeSpan.FromSeconds(5))
            {
                lastPrint = clock.Elapsed;
                Console.WriteLine($"  t={clock.Elapsed.TotalSeconds,6:F1}s status={status} contacts={run.GetProperty("contacts").GetInt64()} " +
                                  $"sent={run.GetProperty("sent").GetInt64()} shardsDone={run.GetProperty("shardsDone").GetInt32()}/{run.GetProperty("shards").GetInt32()} " +
                                  $"rss={bench.Silo.RssMiB():F0}MiB load={WorkflowBench.LoadAverage():F2}");
            }

            if (clock.Elapsed > timeout)
            {
                Console.WriteLine($"FAIL: not completed after {timeout.TotalMinutes:F0} min: {run}");
                return 1;
            }
        }

        var elapsed = clock.Elapsed;
        cpuWindow.Stop();
        var cpu = cpuWindow.Silo;
        var loadAfter = WorkflowBench.LoadAverage();

        var counted = run.GetProperty("contacts").GetInt64();
        var sent = run.GetProperty("sent").GetInt64();
        var skipped = run.GetProperty("skipped");
        var notSubscribed = skipped.GetProperty("notSubscribed").GetInt64();
        var otherSkipped = skipped.GetProperty("bounced").GetInt64() + skipped.GetProperty("paused").GetInt64() +
                           skipped.GetProperty("noPhone").GetInt64() + skipped.GetProperty("filteredOut").GetInt64();
        var failed = run.GetProperty("failed").GetInt64();
        var queued = run.GetProperty("queued").GetInt64();
        var startedAt = run.GetProperty("startedAt").GetDateTimeOffset();
        var completedAt = run.GetProperty("completedAt").GetDateTimeOffset();
        var serverSeconds = (completedAt - startedAt).TotalSeconds;

        // The run completes once every send is recorded and handed over; give the simulator's
        // count a moment in case the last bulk call is still in flight, then compare.
        var simulatorAccepted = await bench.SimulatorAcceptedAsync();
        for (var i = 0; i < 20 && simulatorAccepted < sent; i++)
        {
            await Task.Delay(ProgressInterval);
            simulatorAccepted = await bench.SimulatorAcceptedAsync();
        }

        var exact = counted == contacts && sent == expectedSent && notSubscribed == expectedNotSubscribed &&
                    otherSkipped == 0 && failed == 0 && queued == 0 && simulatorAccepted == sent;
        Console.WriteLine($"storage={storage} contacts={contacts} run={runId} post_runs_ms={accepted.TotalMilliseconds:F0}");
        Console.WriteLine($"seconds={elapsed.TotalSeconds:F2} contacts_per_s={contacts / elapsed.TotalSeconds:F0} " +
                          $"(run startedAt→completedAt {serverSeconds:F2} s = {contacts / serverSeconds:F0}/s)");
        Console.WriteLine($"counted={counted} sent={sent} (expected {expectedSent}) skipped_notSubscribed={notSubscribed} (expected {expectedNotSubscribed}) " +
                          $"skipped_other={otherSkipped} failed={failed} queued={queued} simulator_accepted={simulatorAccepted} exact={exact}");
        Console.WriteLine($"silo_rss_before_MiB={rssBefore:F0} silo_peak_rss_MiB={bench.Silo.PeakRssMiB():F0} " +
                          $"silo_cpu_us_per_contact={cpu.TotalMicroseconds / contacts:F0} {cpuWindow.Describe(elapsed.TotalSeconds)} " +
                          $"host_load_avg_1m_before={load:F2} after={loadAfter:F2}");
        if (readSeconds > 0)
        {
            // Same database, same rows, right after the run: what a single-row read costs here.
            var reads = await bench.NpgsqlPointReadsPerSecondAsync(TimeSpan.FromSeconds(readSeconds), readClients);
            var ratio = contacts / elapsed.TotalSeconds / reads;
            Console.WriteLine($"npgsql_point_reads_per_s={reads:F0} (clients={readClients}, {readSeconds:F0} s) " +
                              $"ratio_contacts_to_reads={ratio:F3} goal_ge_0.5={(ratio >= 0.5 ? "met" : "missed")} " +
                              $"goal_rss_le_2GiB={(bench.Silo.PeakRssMiB() <= 2048 ? "met" : "missed")}");
        }

        return exact ? 0 : 1;
    }
}
