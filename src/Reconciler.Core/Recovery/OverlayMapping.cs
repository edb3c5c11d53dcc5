using System.Text.Json.Nodes;
using Reconciler.Core.Compose;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Core.Recovery;

/// <summary>
/// The rules of a failover overlay, one per kind of thing the lost node held. The result never
/// shares a mutable part with the input, so the repository's own state stays as written.
/// </summary>
internal static class OverlayMapping
{
    public static OverlayResult Apply(DesiredState state, FailoverOverlay overlay)
    {
        var problems = new List<OverlayProblem>();
        var warnings = new List<OverlayProblem>();
        if (ClusterProblems(state.Cluster, overlay).ToList() is { Count: > 0 } clusterProblems)
        {
            return new OverlayResult(state, clusterProblems, []);
        }

        var cluster = state.Cluster!;
        var lost = cluster.FindNode(overlay.Lost)!;
        var survivor = cluster.FindNode(overlay.Survivor)!;
        var stood = StandIn(lost, survivor, warnings);
        var overlaid = state with
        {
            Cluster = cluster with { Nodes = [stood] },
            Datasets = state.Datasets.Select(d => Dataset(d, state.Replications, overlay, problems)).ToList(),
            Paths = state.Paths.Select(p => Path(p, overlay)).ToList(),
            Replications = state.Replications.Where(r => !Suspended(r, state.Datasets, overlay.Lost)).ToList(),
            Compose = state.Compose.ToDictionary(c => c.Key, c => Compose(c.Value, overlay), StringComparer.Ordinal),
        };
        warnings.AddRange(Unplaceable(state, overlaid));
        return new OverlayResult(overlaid, problems, warnings);
    }

    /// <summary>
    /// A failover turns the one worker of a two-node cluster into a one-node swarm; with any
    /// other shape there is no survivor to pick, or a node left behind in the old swarm.
    /// </summary>
    private static IEnumerable<OverlayProblem> ClusterProblems(ClusterManifest? cluster, FailoverOverlay overlay)
    {
        const string subject = "Cluster";
        if (cluster is null)
        {
            yield return new(subject, "the repository declares no Cluster, so there is no node to fail over");
            yield break;
        }

        var names = string.Join(", ", cluster.Nodes.Select(n => n.Name));
        if (overlay.Lost == overlay.Survivor)
        {
            yield return new(subject, $"the lost node and the survivor are both '{overlay.Lost}'; name the node that is gone and the one that takes over");
        }

        foreach (var name in new[] { overlay.Lost, overlay.Survivor }.Distinct().Where(n => cluster.FindNode(n) is null))
        {
            yield return new(subject, $"node '{name}' is not declared in the Cluster (nodes: {names})");
        }

        if (cluster.FindNode(overlay.Lost) is { Role: not NodeRole.Manager })
        {
            yield return new(subject, $"node '{overlay.Lost}' is not the manager: failover replaces a lost manager, and Swarm reschedules a lost worker's services itself");
        }

        if (cluster.FindNode(overlay.Survivor) is { Role: not NodeRole.Worker })
        {
            yield return new(subject, $"node '{overlay.Survivor}' is not a worker, so it cannot be the worker that takes over");
        }

        var others = cluster.Nodes.Select(n => n.Name).Where(n => n != overlay.Lost && n != overlay.Survivor).ToList();
        if (others.Count > 0)
        {
            yield return new(subject, $"the Cluster has nodes besides {overlay.Lost} and {overlay.Survivor} ({string.Join(", ", others)}): failover makes {overlay.Survivor} a new one-node swarm and cannot take them along; it is for two-node clusters");
        }
    }

    /// <summary>
    /// The survivor with the lost node's role and labels. Where both set a label the lost node's
    /// value wins: the services placed by it are the ones that moved, with their data. The
    /// controller runs on the manager, so a lost "local" node makes the survivor local.
    /// </summary>
    private static ClusterNode StandIn(ClusterNode lost, ClusterNode survivor, List<OverlayProblem> warnings)
    {
        var labels = new Dictionary<string, string>(survivor.Labels, StringComparer.Ordinal);
        foreach (var (key, value) in lost.Labels)
        {
            if (labels.TryGetValue(key, out var own) && own != value)
            {
                warnings.Add(new($"node {survivor.Name}", $"label {key} becomes '{value}' ({lost.Name}'s) instead of its own '{own}'; services placed by {key} == {own} no longer fit it"));
            }

            labels[key] = value;
        }

        return survivor with { Role = lost.Role, Address = lost.IsLocal ? lost.Address : survivor.Address, Labels = labels };
    }

    /// <summary>A dataset of the lost node becomes its replica on the survivor, mounted where the source was.</summary>
    private static DatasetManifest Dataset(DatasetManifest dataset, IReadOnlyList<ReplicationManifest> replications, FailoverOverlay overlay, List<OverlayProblem> problems)
    {
        if (dataset.Node != overlay.Lost)
        {
            return dataset;
        }

        var replicas = Replicas(dataset, replications, overlay.Survivor);
        if (replicas is [var replica])
        {
            return dataset with { Name = replica.TargetDataset, Node = overlay.Survivor };
        }

        problems.Add(new($"Dataset {dataset.Name}", replicas.Count == 0
            ? $"it lives on {overlay.Lost} and no Replication sends it to {overlay.Survivor}, so there is no copy to take over; its data is only on {overlay.Lost}"
            : $"Replications {string.Join(", ", replicas.Select(r => r.Name))} all send it to {overlay.Survivor}; keep one, so it is clear which copy takes over"));
        return dataset;
    }

    /// <summary>The Replications that keep a copy of a dataset on a node.</summary>
    internal static List<ReplicationManifest> Replicas(DatasetManifest dataset, IReadOnlyList<ReplicationManifest> replications, string node) =>
        replications.Where(r => r.SourceDataset == dataset.Name && r.TargetNode == node).ToList();

    /// <summary>A Replication from or to the lost node has nowhere to go: there is one node left.</summary>
    internal static bool Suspended(ReplicationManifest replication, IReadOnlyList<DatasetManifest> datasets, string lost) =>
        replication.TargetNode == lost || datasets.Any(d => d.Name == replication.SourceDataset && d.Node == lost);

    private static PathManifest Path(PathManifest path, FailoverOverlay overlay) =>
        path.Nodes.Contains(overlay.Lost) ? path with { Nodes = MovedNodes(path.Nodes, overlay) } : path;

    /// <summary>A Path's node list with the survivor where the lost node was, each node once.</summary>
    internal static List<string> MovedNodes(IReadOnlyList<string> nodes, FailoverOverlay overlay) =>
        nodes.Select(n => n == overlay.Lost ? overlay.Survivor : n).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Pins to the lost node's hostname pin the survivor instead. The Swarm converter reads the
    /// typed constraints, so remapping them is enough; the copied definition follows so the two
    /// never disagree. <c>!=</c> constraints and labels need nothing: the labels moved.
    /// </summary>
    private static ComposeFile Compose(ComposeFile file, FailoverOverlay overlay) => file with
    {
        Services = file.Services.Select(service => service.Deploy.Constraints.Any(c => c.PinsTo(overlay.Lost))
            ? service with
            {
                Definition = RemappedDefinition(service.Definition, overlay),
                Deploy = service.Deploy with { Constraints = service.Deploy.Constraints.Select(c => Remap(c, overlay)).ToList() },
            }
            : service).ToList(),
    };

    private static PlacementConstraint Remap(PlacementConstraint constraint, FailoverOverlay overlay) =>
        constraint.PinsTo(overlay.Lost) ? constraint.WithValue(overlay.Survivor) : constraint;

    private static JsonObject RemappedDefinition(JsonObject definition, FailoverOverlay overlay)
    {
        var copy = (JsonObject)definition.DeepClone();
        if (JsonRead.Object(JsonRead.Object(copy, "deploy"), "placement") is { } placement && placement["constraints"] is { } constraints)
        {
            // Compose also takes a single constraint as a string rather than a list.
            placement["constraints"] = constraints is JsonArray list
                ? new JsonArray(list.Select(c => RemappedText(c, overlay)).ToArray())
                : RemappedText(constraints, overlay);
        }

        return copy;
    }

    private static JsonNode? RemappedText(JsonNode? node, FailoverOverlay overlay) =>
        JsonRead.AsString(node) is { } text && PlacementConstraint.Parse(text) is { } c && c.PinsTo(overlay.Lost)
            ? JsonValue.Create(c.WithValue(overlay.Survivor).Text)
            : node?.DeepClone();

    /// <summary>Services that could run somewhere before and fit no node once the survivor is the only one.</summary>
    private static IEnumerable<OverlayProblem> Unplaceable(DesiredState before, DesiredState after)
    {
        foreach (var stack in after.Stacks)
        {
            var file = after.ComposeOf(stack);
            var original = before.ComposeOf(stack);
            foreach (var service in file?.Services ?? [])
            {
                var could = original?.FindService(service.Name) is { } was && Placement.EligibleNodes(was, before.Cluster!).Count > 0;
                if (could && Placement.EligibleNodes(service, after.Cluster!).Count == 0)
                {
                    yield return new($"service {stack.Name}/{service.Name}", $"its placement ({string.Join(", ", service.Deploy.Constraints.Select(c => c.Text))}) fits no node once {after.Cluster!.Nodes[0].Name} is the only one; it stays pending until failback");
                }
            }
        }
    }
}
