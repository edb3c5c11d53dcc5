using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.State;

/// <summary>
/// Storage the repository asks a node to create and own stays where the Cluster's policy says:
/// every Path and Dataset mountpoint under the storage roots and clear of the system's own
/// directories, and no dataset exported over the network unless the policy opts in.
/// </summary>
internal sealed class StoragePolicyRules : IStateRule
{
    private static readonly string[] Shares = ["sharenfs", "sharesmb"];

    // Set by reconciler itself; a property of the same name would bypass the spec and the policy.
    private static readonly Dictionary<string, string> Reserved = new(StringComparer.Ordinal)
    {
        ["mountpoint"] = "write the mountpoint as spec.mountpoint, where the storage policy applies",
        ["reconciler:managed"] = "reconciler marks the datasets it creates itself",
    };

    public IEnumerable<Diagnostic> Check(DesiredState state)
    {
        if (state.Cluster is not { } cluster)
        {
            return [];
        }

        var paths = state.Paths.SelectMany(p => Placement(cluster.Policy, p.Path, $"Path {p.Name}", p.Source.Locate("/spec/path")));
        var mountpoints = state.Datasets.SelectMany(d => Placement(cluster.Policy, d.Mountpoint, $"the mountpoint of dataset {d.Name}", d.Source.Locate("/spec/mountpoint")));
        return paths.Concat(mountpoints).Concat(state.Datasets.SelectMany(d => Properties(cluster.Policy, d)));
    }

    private static IEnumerable<Diagnostic> Placement(Policy policy, string path, string what, SourceLocation at)
    {
        if (HostPath.Problem(path) is not null)
        {
            yield break; // RC203 already says what is wrong with its form
        }

        const string never = "reconciler never creates or owns the system's directories or its own state, whatever the policy says";
        if (ProtectedPaths.Enclosing(path) is { } system)
        {
            yield return Rules.StorageProtected.At(at, $"{what} is {path}, {(path == system ? "a protected directory" : $"under {system}")}: {never}");
            yield break;
        }

        if (ProtectedPaths.Below(path) is { Count: > 0 } below)
        {
            yield return Rules.StorageProtected.At(at, $"{what} is {path}, which contains {string.Join(", ", below)}: {never}");
            yield break;
        }

        var roots = policy.EffectiveStorageRoots;
        if (!roots.Any(root => HostPath.IsUnder(path, root)))
        {
            yield return Rules.StorageOutsideRoots.At(at,
                $"{what} is {path}, outside the storage roots ({string.Join(", ", roots)}); move it under one or add a root to spec.policy.storageRoots");
        }
    }

    private static IEnumerable<Diagnostic> Properties(Policy policy, DatasetManifest dataset)
    {
        foreach (var (name, value) in dataset.Properties)
        {
            var at = dataset.Source.LocateKey(JsonPointers.Child("/spec/properties", name));
            if (Reserved.TryGetValue(name, out var instead))
            {
                yield return Rules.ReservedProperty.At(at, $"dataset {dataset.Name} sets the property '{name}'; remove it: {instead}");
            }
            else if (Shares.Contains(name) && value != "off" && !policy.AllowShares)
            {
                yield return Rules.ShareNotAllowed.At(at,
                    $"dataset {dataset.Name} sets {name}, which exports its data over the network; set spec.policy.allowShares: true in the Cluster if this is really intended");
            }
        }
    }
}
