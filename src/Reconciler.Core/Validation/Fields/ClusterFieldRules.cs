using FluentValidation;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.Fields;

internal sealed class ClusterFieldRules : AbstractValidator<ClusterManifest>
{
    public ClusterFieldRules()
    {
        RuleForEach(c => c.Nodes).ChildRules(node =>
        {
            node.RuleFor(n => n.Name).Must(Names.IsNodeName).When(n => n.Name.Length > 0)
                .Reports(Rules.NodeName, n => n.Pointer + "/name")
                .WithMessage(n => $"node name '{n.Name}' is not a valid hostname (letters, digits and '-', dot-separated)");
            node.RuleFor(n => n.Address).Must(Names.IsNodeAddress)
                .Reports(Rules.NodeAddress, n => n.Pointer + "/address")
                .WithMessage(n => $"address '{n.Address}' must be \"local\" or an ssh destination such as root@10.0.0.2");
        });

        RuleFor(c => c).Custom((cluster, context) =>
        {
            foreach (var node in cluster.Nodes)
            {
                foreach (var key in node.Labels.Keys.Where(k => !Names.IsLabelKey(k)))
                {
                    context.ReportKey(Rules.NodeName, JsonPointers.Child(node.Pointer + "/labels", key),
                        $"label key '{key}' is not valid for Swarm: use letters, digits, '.', '-' and '_'");
                }
            }

            Roots(context, cluster.Policy.BindRoots, "bindRoots", "bind root");
            Roots(context, cluster.Policy.StorageRoots ?? [], "storageRoots", "storage root");
        });
    }

    private static void Roots(ValidationContext<ClusterManifest> context, IReadOnlyList<string> roots, string field, string what)
    {
        for (var i = 0; i < roots.Count; i++)
        {
            if (HostPath.Problem(roots[i]) is not null)
            {
                context.Report(Rules.PathForm, $"/spec/policy/{field}/{i}", Formats.PathMessage(what, roots[i]));
            }
        }
    }
}
