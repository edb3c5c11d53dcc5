using Reconciler.Controller.Ports;
using Reconciler.Controller.Writers;
using Reconciler.Core.Model;

namespace Reconciler.Controller.Tests.Cycle;

/// <summary>Engines the test fills with containers and task counts; it records what it was asked and what it stopped (a stopped container is gone).</summary>
internal sealed class FakeWriters : IWriterObserver
{
    public List<RunningContainer> Containers { get; } = [];

    public Dictionary<string, int> RunningTasks { get; } = new(StringComparer.Ordinal);

    /// <summary>Nodes that do not answer.</summary>
    public HashSet<string> Down { get; } = new(StringComparer.Ordinal);

    public List<IReadOnlyCollection<string>> Asked { get; } = [];

    public List<string> Stopped { get; } = [];

    public string? StopError { get; set; }

    public Task<WriterObservation> ObserveAsync(DesiredState state, IReadOnlyCollection<string> nodes, IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        Asked.Add(nodes);
        var up = nodes.Where(n => !Down.Contains(n)).ToHashSet(StringComparer.Ordinal);
        return Task.FromResult(new WriterObservation(
            Containers.Where(c => up.Contains(c.Node)).ToList(),
            up,
            services.Where(RunningTasks.ContainsKey).ToDictionary(s => s, s => RunningTasks[s], StringComparer.Ordinal),
            nodes.Where(Down.Contains).Select(n => $"cannot list the containers on {n}: ssh: connect to host: no route to host").ToList()));
    }

    public Task<string?> StopAsync(DesiredState state, RunningContainer container, CancellationToken cancellationToken)
    {
        if (StopError is not null)
        {
            return Task.FromResult<string?>(StopError);
        }

        Stopped.Add(container.Name);
        Containers.Remove(container);
        return Task.FromResult<string?>(null);
    }

    public static RunningContainer Container(string name, string? service, string source, bool readWrite = true, string node = "atlas") =>
        new(node, name + "-id", name, service, [new ContainerMount(source, readWrite)]);
}
