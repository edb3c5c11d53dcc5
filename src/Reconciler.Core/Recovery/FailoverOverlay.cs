using System.Globalization;
using Reconciler.Core.Model;

namespace Reconciler.Core.Recovery;

/// <summary>
/// A failover, as an explicit overlay on the desired state: <paramref name="Survivor"/> stands in
/// for <paramref name="Lost"/> (its role, labels, datasets, paths and hostname pins) until a
/// failback ends it or the repository is changed to say the same (<see cref="FailoverPatch"/>).
/// <paramref name="Epoch"/> orders failovers, so a returning node can tell it was replaced;
/// <paramref name="Rpo"/> is, per source dataset, the data the failover gave up (the time
/// between the newest replicated snapshot and the failover).
/// </summary>
public sealed record FailoverOverlay(string Lost, string Survivor, long Epoch, DateTimeOffset At, IReadOnlyDictionary<string, TimeSpan> Rpo)
{
    /// <summary>
    /// The line at the top of every plan, status and page, e.g. "failed over from atlas to hermes
    /// at 2026-12-02 08:00Z (epoch 3); RPO 11m": the worst dataset's RPO, none when nothing was replicated.
    /// </summary>
    public string Describe()
    {
        var at = At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var line = $"failed over from {Lost} to {Survivor} at {at}Z (epoch {Epoch.ToString(CultureInfo.InvariantCulture)})";
        return Rpo.Count == 0 ? line : $"{line}; RPO {Duration.Format(Rpo.Values.Max())}";
    }

    /// <summary>The desired state with this overlay on it, or the problems that keep it from mapping.</summary>
    public OverlayResult ApplyTo(DesiredState state) => OverlayMapping.Apply(state, this);
}
