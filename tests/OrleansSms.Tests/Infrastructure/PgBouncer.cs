using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace OrleansSms.Tests.Infrastructure;

/// <summary>
/// A PgBouncer process in transaction pooling mode in front of the test PostgreSQL server, on a
/// free loopback port, with a small server pool; stopped on dispose. The binary is Debian's
/// (<c>apt-get install pgbouncer</c>, which <c>.ci/run</c> does); without it the test fails and
/// says so. PgBouncer refuses to run as root, so as root it drops to the <c>postgres</c> user.
/// </summary>
public sealed class PgBouncer : IAsyncDisposable
{
    private static readonly string[] Binaries = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"];

    private readonly Process _process;
    private readonly string _directory;

    private PgBouncer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts PgBouncer with at most <paramref name="serverPoolSize"/> server connections per database and user.</summary>
    public static async Task<PgBouncer> StartAsync(int serverPoolSize)
    {
        var binary = Binaries.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("PgBouncer is required by this test but is not installed: apt-get install pgbouncer.");
        var server = new NpgsqlConnectionStringBuilder(PostgresTestDatabase.AdminConnectionString);
        var port = FreePorts.Next();
        var directory = Directory.CreateTempSubdirectory("orleanssms-pgbouncer-").FullName;
        File.WriteAllText(Path.Combine(directory, "userlist.txt"), $"\"{server.Username}\" \"{server.Password}\"\n");
        File.WriteAllText(Path.Combine(directory, "pgbouncer.ini"), $"""
            [databases]
            * = host={server.Host} port={server.Port}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = scram-sha-256
            auth_file = {directory}/userlist.txt
            pool_mode = transaction
            default_pool_size = {serverPoolSize}
            max_client_conn = 500
            ignore_startup_parameters = extra_float_digits
            """);

        var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        if (!OperatingSystem.IsWindows() && Environment.UserName == "root")
        {
            // The postgres user reads the files; nothing in them is a secret outside the test.
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add("postgres");
        }

        start.ArgumentList.Add(Path.Combine(directory, "pgbouncer.ini"));
        var process = Process.Start(start) ?? throw new InvalidOperationException("PgBouncer did not start.");
        var output = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var bouncer = new PgBouncer(process, directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                await bouncer.DisposeAsync();
                lock (output)
                {
                    throw new InvalidOperationException($"PgBouncer exited with {process.ExitCode}: {output}");
                }
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return bouncer;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                // Still starting: poll its port until it listens, as EventuallyAsync polls.
                await Task.Delay(25);
            }
        }
    }

    /// <summary>
    /// <paramref name="database"/>'s connection string through PgBouncer, with what transaction
    /// pooling needs from Npgsql: no session reset on close (the server connection is not the
    /// client's to reset) and no automatic prepared statements (the default, made explicit).
    /// </summary>
    public string ConnectionString(PostgresTestDatabase database) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = Port, NoResetOnClose = true, MaxAutoPrepare = 0 }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
