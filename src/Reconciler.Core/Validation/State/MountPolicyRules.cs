using Reconciler.Core.Compose;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.State;

/// <summary>
/// Bind mounts (and volumes the local driver binds) must point at directories the repository
/// manages (a Path or a Dataset mountpoint under the bind roots) that exist on every node the
/// service can run on; the Docker socket only if the policy says so.
/// </summary>
internal sealed class MountPolicyRules : IStateRule
{
    private static readonly string[] DockerSockets = ["/var/run/docker.sock", "/run/docker.sock"];

    public IEnumerable<Diagnostic> Check(DesiredState state)
    {
        if (state.Cluster is not { } cluster)
        {
            yield break;
        }

        foreach (var stack in state.Stacks)
        {
            if (state.ComposeOf(stack) is not { } compose)
            {
                continue;
            }

            foreach (var service in compose.Services)
            {
                foreach (var mount in service.Mounts.Where(m => m.HostPath is not null))
                {
                    foreach (var d in CheckBind(state, cluster, compose, stack, service, mount))
                    {
                        yield return d;
                    }
                }
            }
        }
    }

    private static IEnumerable<Diagnostic> CheckBind(
        DesiredState state, ClusterManifest cluster, ComposeFile compose, StackManifest stack, ComposeService service, ServiceMount mount)
    {
        var source = mount.HostPath!;
        var what = mount.Type == MountType.Bind ? $"bind source '{source}'" : $"host path '{source}' (which volume '{mount.Source}' binds through driver_opts)";
        var at = compose.Source.Locate(mount.Pointer);
        if (DockerSockets.Contains(source))
        {
            if (!cluster.Policy.AllowDockerSocket)
            {
                yield return Rules.DockerSocket.At(at,
                    $"service '{service.Name}' mounts the Docker socket, which gives it root on the node; set spec.policy.allowDockerSocket: true in the Cluster to allow it");
            }

            yield break;
        }

        if (HostPath.Problem(source) is { } problem)
        {
            yield return Rules.PathForm.At(at, $"{what} of service '{service.Name}' must be an absolute host path in a Swarm: {problem}");
            yield break;
        }

        if (!cluster.Policy.BindRoots.Any(root => HostPath.IsUnder(source, root)))
        {
            yield return Rules.BindOutsideRoots.At(at,
                $"{what} of service '{service.Name}' is outside the bind roots ({string.Join(", ", cluster.Policy.BindRoots)}); move it under one or add a root to spec.policy.bindRoots");
            yield break;
        }

        var dataset = state.Datasets.FirstOrDefault(d => d.Mountpoint.Length > 0 && HostPath.IsUnder(source, d.Mountpoint));
        var path = state.Paths.Where(p => p.Path.Length > 0 && HostPath.IsUnder(source, p.Path)).MaxBy(p => p.Path.Length);
        if (dataset is null && path is null)
        {
            yield return Rules.BindUndeclared.At(at,
                $"{what} of service '{service.Name}' is not declared: add a Path manifest for it (or put it under a Dataset's mountpoint) so it exists with the right owner on every node");
            yield break;
        }

        var eligible = Placement.EligibleNodes(service, cluster);
        if (dataset is not null)
        {
            var writer = dataset.Writer == $"{stack.Name}/{service.Name}";
            if (!writer && cluster.FindNode(dataset.Node) is not null && eligible.Any(n => n.Name != dataset.Node))
            {
                yield return Rules.DatasetOffNode.At(at,
                    $"service '{service.Name}' mounts {source} from dataset {dataset.Name}, which lives only on {dataset.Node}, but it can run on {string.Join(", ", eligible.Where(n => n.Name != dataset.Node).Select(n => n.Name))}; add a placement constraint node.hostname == {dataset.Node}");
            }

            yield break;
        }

        var missing = eligible.Where(n => !path!.IsOn(n.Name)).Select(n => n.Name).ToList();
        if (missing.Count > 0)
        {
            yield return Rules.PathNotOnNode.At(at,
                $"service '{service.Name}' can run on {string.Join(", ", missing)}, where Path {path!.Path} is not created; add those nodes to the Path's spec.nodes or constrain the service's placement");
        }
    }
}
