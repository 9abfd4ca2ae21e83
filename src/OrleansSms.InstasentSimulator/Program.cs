namespace OrleansSms.InstasentSimulator;

/// <summary>
/// Standalone: <c>dotnet run --project src/OrleansSms.InstasentSimulator [--urls http://127.0.0.1:5081]
/// [--Simulator:DeliveryDelayMs 200] [--Simulator:Tokens:dev-token http://127.0.0.1:5080/callbacks/…]</c>.
/// A named class rather than top-level statements: the silo references this project, and two
/// global <c>Program</c> types would collide.
/// </summary>
public static class SimulatorProgram
{
    public static async Task Main(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();

        var options = SimulatorOptions.FromConfiguration(configuration);
        var app = InstasentSimulatorHost.Build(options, args);
        await app.StartAsync();
        Console.WriteLine($"Instasent simulator listening on {string.Join(", ", app.Urls)} (tokens: PUT /_sim/tokens/{{token}})");
        await app.WaitForShutdownAsync();
    }
}
