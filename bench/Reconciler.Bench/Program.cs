using System.Diagnostics;
using System.Globalization;
using Reconciler.Core.Loading;
using Reconciler.Core.Planning;
using Reconciler.Core.Validation;
using Reconciler.Swarm;
using Reconciler.Swarm.Engine;

// Usage: Reconciler.Bench REPOSITORY RUNS   (DOCKER_HOST names the lab's engine)
// Prints the median and 90th percentile of a warm no-op cycle in milliseconds, after warm-up.
if (args.Length != 2 || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var runs) || runs < 1)
{
    Console.Error.WriteLine("usage: Reconciler.Bench REPOSITORY RUNS");
    return 2;
}

using var docker = DockerEndpoint.Connect(DockerEndpoint.Resolve(null, Environment.GetEnvironmentVariable));
var provider = new SwarmProvider(docker, TimeProvider.System);

async Task<(TimeSpan Elapsed, bool Changes)> CycleAsync()
{
    var clock = Stopwatch.StartNew();
    var files = new DirectoryRepositoryFiles(args[0]);
    var report = Validator.Validate(files);
    var snapshot = await provider.ObserveAsync(report.State, files, CancellationToken.None);
    var plan = Planner.Create(snapshot.Diff(), provider.Kinds);
    return (clock.Elapsed, plan.HasChanges);
}

for (var i = 0; i < 3; i++)
{
    await CycleAsync(); // JIT and connection warm-up, as a running controller has had
}

var times = new List<double>();
for (var i = 0; i < runs; i++)
{
    var (elapsed, changes) = await CycleAsync();
    if (changes)
    {
        Console.Error.WriteLine("the benchmark repository is not deployed: a no-op cycle found changes");
        return 1;
    }

    times.Add(elapsed.TotalMilliseconds);
}

times.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{times[times.Count / 2]:0.0} {times[(int)(times.Count * 0.9)]:0.0}"));
return 0;
