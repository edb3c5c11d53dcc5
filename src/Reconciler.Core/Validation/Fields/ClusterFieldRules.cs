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

            for (var i = 0; i < cluster.Policy.BindRoots.Count; i++)
            {
                var root = cluster.Policy.BindRoots[i];
                if (HostPath.Problem(root) is not null)
                {
                    context.Report(Rules.PathForm, $"/spec/policy/bindRoots/{i}", Formats.PathMessage("bind root", root));
                }
            }
        });
    }
}
