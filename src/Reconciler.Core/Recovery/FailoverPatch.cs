using Reconciler.Core.Compose;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Text;
using Reconciler.Core.Validation;

namespace Reconciler.Core.Recovery;

/// <summary>
/// The change to the repository that makes a failover permanent, so the overlay can end: what
/// <c>reconciler failover --print-patch</c> prints. Its edits are line-based, so comments and
/// layout outside the edited lines survive. Anything it cannot edit safely is a problem that
/// says what to change by hand.
/// </summary>
public sealed record FailoverPatch(IReadOnlyList<FileChange> Changes, IReadOnlyList<OverlayProblem> Problems)
{
    /// <summary>Every change as one unified diff, file by file.</summary>
    public string Diff => string.Concat(Changes.Select(c => c.Diff));

    /// <summary>
    /// The edits that make the repository say what the overlay does: the lost node leaves the
    /// Cluster and the survivor takes its role and labels; the lost node's Datasets become their
    /// replicas on the survivor; Paths and hostname constraints name the survivor; Replications
    /// from or to the lost node are removed (a reversed one would need the lost node back in the
    /// Cluster: add both when it returns).
    /// </summary>
    public static FailoverPatch For(IRepositoryFiles files, FailoverOverlay overlay)
    {
        var report = Validator.Validate(files);
        if (!report.IsValid)
        {
            var errors = report.Diagnostics.Count(d => d.Severity == Diagnostics.Severity.Error);
            return new([], [new("repository", $"it does not validate ({errors} errors); run reconciler validate and fix it first")]);
        }

        var overlaid = overlay.ApplyTo(report.State);
        if (!overlaid.CanApply)
        {
            return new([], overlaid.Problems);
        }

        var writer = new PatchWriter(files, overlay);
        writer.Cluster(report.State.Cluster!, overlaid.State.Cluster!.Nodes[0]);
        foreach (var dataset in report.State.Datasets.Where(d => d.Node == overlay.Lost))
        {
            writer.Dataset(dataset, OverlayMapping.Replicas(dataset, report.State.Replications, overlay.Survivor).Single());
        }

        foreach (var path in report.State.Paths.Where(p => p.Nodes.Contains(overlay.Lost)))
        {
            writer.Path(path);
        }

        foreach (var replication in report.State.Replications.Where(r => OverlayMapping.Suspended(r, report.State.Datasets, overlay.Lost)))
        {
            writer.Remove(replication);
        }

        foreach (var file in report.State.Compose.Values.DistinctBy(f => f.Source.File))
        {
            writer.Constraints(file);
        }

        return writer.Result();
    }
}

/// <summary>One file's change: its text before and after (null: deleted) and the change as a unified diff.</summary>
public sealed record FileChange(string Path, string Before, string? After, string Diff);

/// <summary>Collects the line edits of a failover patch, file by file.</summary>
internal sealed class PatchWriter(IRepositoryFiles files, FailoverOverlay overlay)
{
    private readonly Dictionary<string, (string Before, LineEditor Editor)> edited = new(StringComparer.Ordinal);
    private readonly List<OverlayProblem> problems = [];

    /// <summary>The lost node's entry goes; the survivor's is written anew with the role, address and labels it took over.</summary>
    public void Cluster(ClusterManifest cluster, ClusterNode standIn)
    {
        var file = Editor(cluster.Source.File);
        var lost = YamlLines.ItemLines(file, cluster.Source.Locate(cluster.FindNode(overlay.Lost)!.Pointer));
        var survivor = YamlLines.ItemLines(file, cluster.Source.Locate(cluster.FindNode(overlay.Survivor)!.Pointer));
        if (lost is null || survivor is null)
        {
            problems.Add(new($"Cluster {cluster.Name}", $"its nodes are not a block list ('- name: ...' lines), so edit {cluster.Source.File} by hand: remove {overlay.Lost}, and give {overlay.Survivor} role {Role(standIn)}, address {standIn.Address} and labels {string.Join(", ", standIn.Labels.Select(l => $"{l.Key}={l.Value}"))}"));
            return;
        }

        file.ReplaceLines(lost.Value.First, lost.Value.Last, []);
        file.ReplaceLines(survivor.Value.First, survivor.Value.Last, NodeLines(standIn, survivor.Value.Indent));
    }

    public void Dataset(DatasetManifest dataset, ReplicationManifest replica)
    {
        var file = Editor(dataset.Source.File);
        Scalar(file, dataset, "/metadata/name", dataset.Name, replica.TargetDataset);
        Scalar(file, dataset, "/spec/node", overlay.Lost, overlay.Survivor);
    }

    /// <summary>A flow list is written anew; in a block list the lost node's item names the survivor, or goes when the survivor is listed.</summary>
    public void Path(PathManifest path)
    {
        var file = Editor(path.Source.File);
        var list = path.Source.Locate("/spec/nodes");
        var moved = OverlayMapping.MovedNodes(path.Nodes, overlay);
        var line = file.Original(list.Line);
        if (line.ElementAtOrDefault(list.Column - 1) == '[')
        {
            var close = line.IndexOf(']', list.Column - 1);
            if (close < 0)
            {
                HandEdit(path, "/spec/nodes", $"nodes: [{string.Join(", ", moved)}]");
                return;
            }

            file.Splice(list.Line, list.Column, close - list.Column + 2, $"[{string.Join(", ", moved.Select(YamlLines.Scalar))}]");
            return;
        }

        for (var i = 0; i < path.Nodes.Count; i++)
        {
            var item = JsonPointers.Child("/spec/nodes", i);
            if (path.Nodes[i] != overlay.Lost)
            {
                continue;
            }

            if (!path.Nodes.Contains(overlay.Survivor))
            {
                Scalar(file, path, item, overlay.Lost, overlay.Survivor);
            }
            else if (YamlLines.ItemLines(file, path.Source.Locate(item)) is { } lines)
            {
                file.ReplaceLines(lines.First, lines.Last, []);
            }
            else
            {
                HandEdit(path, "/spec/nodes", $"nodes: [{string.Join(", ", moved)}]");
            }
        }
    }

    public void Remove(ReplicationManifest replication)
    {
        var file = Editor(replication.Source.File);
        var (first, last) = YamlLines.DocumentLines(file, replication.Source.Start.Line);
        file.ReplaceLines(first, last, []);
    }

    /// <summary>Hostname pins to the lost node, where the file writes them literally; one built from a variable is the variable's to change.</summary>
    public void Constraints(ComposeFile compose)
    {
        foreach (var service in compose.Services)
        {
            var pointer = service.Pointer + "/deploy/placement/constraints";
            var written = service.Definition["deploy"]?["placement"]?["constraints"];
            var entries = written is System.Text.Json.Nodes.JsonArray list
                ? list.Select((c, i) => (Pointer: JsonPointers.Child(pointer, i), Text: JsonRead.AsString(c)))
                : [(Pointer: pointer, Text: JsonRead.AsString(written))];
            foreach (var (at, text) in entries)
            {
                if (text is not null && PlacementConstraint.Parse(text) is { } constraint && constraint.PinsTo(overlay.Lost))
                {
                    Pin(compose, service, compose.Source.Locate(at), constraint);
                }
            }
        }
    }

    public FailoverPatch Result() => new(
        edited.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new FileChange(e.Key, e.Value.Before, e.Value.Editor.After(), e.Value.Editor.Diff()))
            .Where(c => c.Diff.Length > 0)
            .ToList(),
        problems);

    private void Pin(ComposeFile compose, ComposeService service, Diagnostics.SourceLocation at, PlacementConstraint constraint)
    {
        var file = Editor(compose.Source.File);
        var line = file.Original(at.Line);
        var index = line.IndexOf(constraint.Text, Math.Min(at.Column - 1, line.Length), StringComparison.Ordinal);
        if (index is < 0 || index > at.Column)
        {
            problems.Add(new($"service {service.Name} in {compose.Source.File}",
                $"its constraint '{constraint.Text}' (line {at.Line}) is not written literally, e.g. it uses a variable; make it node.hostname == {overlay.Survivor} by hand"));
            return;
        }

        file.Splice(at.Line, index + constraint.Text.LastIndexOf(constraint.Value, StringComparison.Ordinal) + 1, constraint.Value.Length, overlay.Survivor);
    }

    private void Scalar(LineEditor file, Manifest manifest, string pointer, string old, string value)
    {
        if (!YamlLines.ReplaceScalar(file, manifest.Source.Locate(pointer), old, value))
        {
            HandEdit(manifest, pointer, $"{JsonPointers.Leaf(pointer)}: {value}");
        }
    }

    private void HandEdit(Manifest manifest, string pointer, string wanted) =>
        problems.Add(new($"{manifest.Kind} {manifest.Name}", $"{manifest.Source.Locate(pointer)} is not written in a way this patch edits; change it to {wanted} by hand"));

    private LineEditor Editor(string path)
    {
        if (!edited.TryGetValue(path, out var entry))
        {
            var text = files.Read(path) ?? throw new InvalidOperationException($"{path} was loaded but cannot be read again");
            edited[path] = entry = (text, new LineEditor(path, text));
        }

        return entry.Editor;
    }

    private static List<string> NodeLines(ClusterNode node, string indent)
    {
        var lines = new List<string>
        {
            $"{indent}- name: {YamlLines.Scalar(node.Name)}",
            $"{indent}  role: {Role(node)}",
            $"{indent}  address: {YamlLines.Scalar(node.Address)}",
        };
        if (node.Labels.Count > 0)
        {
            lines.Add($"{indent}  labels:");
            lines.AddRange(node.Labels.Select(l => $"{indent}    {YamlLines.Scalar(l.Key)}: {YamlLines.Scalar(l.Value)}"));
        }

        return lines;
    }

    private static string Role(ClusterNode node) => node.Role.ToString().ToLowerInvariant();
}
