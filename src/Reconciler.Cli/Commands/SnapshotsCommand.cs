using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.Core.Model;
using Reconciler.Core.Text;
using Reconciler.Storage.Nodes;
using Reconciler.Storage.Restore;
using Reconciler.Storage.Snapshots;
using Reconciler.Storage.Zfs;

namespace Reconciler.Cli.Commands;

/// <summary><c>reconciler snapshots DATASET [PATH]</c>: the points a dataset can be restored to, here and on its replicas.</summary>
public static class SnapshotsCommand
{
    public static Command Create(Terminal terminal)
    {
        var dataset = new Argument<string>("DATASET") { Description = "A Dataset of the repository (pool/path), e.g. tank/apps/vaultwarden." };
        var path = CommonOptions.Path();
        var json = new Option<bool>("--json") { Description = "Print the list as JSON (for scripts)." };
        var access = new NodeAccess();
        var command = new Command("snapshots",
            "List the points a Dataset can be restored to, newest first: every snapshot of it on its node and on\n"
            + "the targets of its Replications (matched by GUID), with its creation time and the nodes that hold it,\n"
            + "and the timelines earlier restores kept (<dataset>.before-restore-<time>). Changes nothing.\n"
            + "Exit code 0: listed; 1: the Dataset is not declared or a node could not be read (what could be read is listed).\n\n"
            + "Examples:\n"
            + "  reconciler snapshots tank/apps/vaultwarden .\n"
            + "  reconciler snapshots --json tank/apps/vaultwarden /srv/cluster-repo\n"
            + "  reconciler restore tank/apps/vaultwarden --to reconciler_20261126T101500Z .   # then restore one")
        {
            dataset, path, json,
        };
        access.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            if (ValidRepository.Load(terminal, result.GetValue(path)!, "listed") is not { } repository
                || DeclaredDataset.Find(terminal, repository, PlanSession.Stored(terminal, access.Store(result)), result.GetValue(dataset)!) is not { } found)
            {
                return 1;
            }

            var (state, declared) = found;

            var listing = await ListAsync(access.Nodes(result, state.Cluster), state, declared, cancellationToken);
            terminal.Output.Write(result.GetValue(json) ? Json(listing) : Text(listing));
            foreach (var problem in listing.Problems)
            {
                terminal.Error.WriteLine(Escape.Terminal($"reconciler: error: {problem}"));
            }

            return listing.Problems.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>What a listing found: the dataset's points, its replicas, the timelines kept by restores, and what could not be read.</summary>
    internal sealed record Listing(
        DatasetManifest Dataset, IReadOnlyList<RestorePoint> Points, IReadOnlyList<ReplicaSnapshots> Replicas, IReadOnlyList<string> Kept, IReadOnlyList<string> Problems);

    internal static async Task<Listing> ListAsync(StorageNodes nodes, DesiredState state, DatasetManifest dataset, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        IReadOnlyList<Snapshot> here = [];
        var kept = new List<string>();
        try
        {
            // The dataset's container too (-d 1): the timelines earlier restores kept sit next to it.
            var only = new[] { dataset.Name, DatasetPath.Container(dataset.Name) }.OfType<string>().ToList();
            var inventory = await nodes[dataset.Node].InventoryAsync([], only, cancellationToken).ConfigureAwait(false);
            here = inventory.SnapshotsOf(dataset.Name) ?? [];
            if (!inventory.Exists(dataset.Name))
            {
                problems.Add($"{dataset.Name} does not exist on {dataset.Node}");
            }

            kept.AddRange(inventory.Datasets.Where(d => RestoreNames.IsKept(dataset.Name, d)));
        }
        catch (NodeCommandException e)
        {
            problems.Add($"cannot read {dataset.Name} on {dataset.Node}: {e.Message}");
        }

        var replicas = new List<ReplicaSnapshots>();
        foreach (var replication in state.Replications.Where(r => r.SourceDataset == dataset.Name))
        {
            try
            {
                var inventory = await nodes[replication.TargetNode].InventoryAsync([], [replication.TargetDataset], cancellationToken).ConfigureAwait(false);
                replicas.Add(new ReplicaSnapshots(replication.TargetNode, replication.TargetDataset, inventory.SnapshotsOf(replication.TargetDataset)));
            }
            catch (NodeCommandException e)
            {
                problems.Add($"cannot read the replica {replication.TargetDataset} on {replication.TargetNode}: {e.Message}");
            }
        }

        return new Listing(dataset, RestorePoints.Of(here, replicas), replicas, kept, problems);
    }

    private static string Text(Listing listing)
    {
        var dataset = listing.Dataset;
        var text = new StringBuilder();
        var replicas = listing.Replicas.Select(r => $"{r.Node} ({r.Dataset}{(r.Snapshots is null ? ", not there yet" : string.Empty)})").ToList();
        text.Append(CultureInfo.InvariantCulture,
            $"{dataset.Name} on {dataset.Node}{(replicas.Count == 0 ? ", no replica" : $", replicated to {string.Join(", ", replicas)}")}\n");
        // Names come from the pools: shown escaped, as everything read from outside is.
        var names = listing.Points.Select(p => Escape.Terminal(p.Name)).ToList();
        var width = names.Select(n => n.Length).DefaultIfEmpty(0).Max();
        foreach (var (point, name) in listing.Points.Zip(names))
        {
            var where = (point.Here ? [dataset.Node] : Array.Empty<string>()).Concat(point.Replicas);
            text.Append(CultureInfo.InvariantCulture, $"  {name.PadRight(width)}  {point.Created:u}  {string.Join(' ', where)}\n");
        }

        if (listing.Points.Count == 0)
        {
            text.Append("  no snapshot\n");
        }

        foreach (var kept in listing.Kept.Select(Escape.Terminal))
        {
            text.Append(CultureInfo.InvariantCulture, $"kept: {kept} (the timeline before a restore; not mounted: `zfs set mountpoint=/mnt/look {kept}` to look)\n");
        }

        if (listing.Points.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"restore one: reconciler restore {dataset.Name} --to SNAPSHOT PATH");
            text.Append(listing.Points.Any(p => !p.Here) ? "  (one only on a replica: add --from-replica)\n" : "\n");
        }

        return text.ToString();
    }

    private static string Json(Listing listing) => new JsonObject
    {
        ["dataset"] = listing.Dataset.Name,
        ["node"] = listing.Dataset.Node,
        ["snapshots"] = new JsonArray(listing.Points.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name,
            ["created"] = p.Created.ToString("O", CultureInfo.InvariantCulture),
            ["guid"] = p.Guid,
            ["here"] = p.Here,
            ["replicas"] = new JsonArray(p.Replicas.Select(r => (JsonNode)r).ToArray()),
        }).ToArray()),
        ["replicas"] = new JsonArray(listing.Replicas.Select(r => (JsonNode)new JsonObject
        {
            ["node"] = r.Node,
            ["dataset"] = r.Dataset,
            ["exists"] = r.Snapshots is not null,
        }).ToArray()),
        ["kept"] = new JsonArray(listing.Kept.Select(k => (JsonNode)k).ToArray()),
        ["problems"] = new JsonArray(listing.Problems.Select(p => (JsonNode)p).ToArray()),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
}
