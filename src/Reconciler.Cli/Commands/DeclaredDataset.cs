using Reconciler.Controller.State;
using Reconciler.Core.Model;
using Reconciler.Core.Text;

namespace Reconciler.Cli.Commands;

/// <summary>The Dataset a storage command names, as this node plans it: after a failover, through its overlay (said first).</summary>
internal static class DeclaredDataset
{
    /// <summary>The desired state and the named Dataset in it, or null after saying why not (an overlay that cannot map, an undeclared name).</summary>
    public static (DesiredState State, DatasetManifest Dataset)? Find(Terminal terminal, ValidRepository repository, ReconcilerState stored, string name)
    {
        var state = repository.Report.State;
        if (stored.Failover?.Overlay is { } overlay)
        {
            terminal.Error.WriteLine($"reconciler: FAILOVER: {StatusText.FailedOver(overlay.Describe())}");
            var overlaid = overlay.ApplyTo(state);
            if (!overlaid.CanApply)
            {
                terminal.Error.WriteLine(Escape.Terminal($"reconciler: error: the failover overlay cannot map {string.Join("; ", overlaid.Problems)}"));
                return null;
            }

            state = overlaid.State;
        }

        if (state.Datasets.FirstOrDefault(d => d.Name == name) is { } dataset)
        {
            return (state, dataset);
        }

        terminal.Error.WriteLine(Escape.Terminal(state.Datasets.Count == 0
            ? $"reconciler: error: {name} is not a Dataset of this repository, which declares none"
            : $"reconciler: error: {name} is not a Dataset of this repository; it declares {string.Join(", ", state.Datasets.Select(d => d.Name).Order(StringComparer.Ordinal))}"));
        return null;
    }
}
