using System.Text.Json.Serialization;

namespace Reconciler.Controller.Recovery;

/// <summary>
/// Whether the worker could take over at <see cref="CheckedAt"/>: what `reconciler check failover
/// --json` prints and what /status, /metrics and the page show as the controller last checked it.
/// </summary>
/// <param name="RpoSeconds">Each replicated writer's dataset: the data a failover then would have lost (now minus the newest snapshot on the worker); null when the worker holds none or could not be asked.</param>
public sealed record FailoverReport(
    bool Ready,
    DateTimeOffset CheckedAt,
    string Worker,
    string Manager,
    IReadOnlyList<ReadinessFinding> Findings,
    IReadOnlyDictionary<string, double?> RpoSeconds)
{
    [JsonIgnore]
    public IEnumerable<ReadinessFinding> Problems => Findings.Where(f => !f.Ok);

    /// <summary>"ready: hermes can take over from atlas", or how many problems stand in the way.</summary>
    public string Verdict() => Ready
        ? $"ready: {Worker} can take over from {Manager}"
        : $"not ready: {Problems.Count()} problem(s) before {Worker} can take over from {Manager}";

    /// <summary>One line for `reconciler status`: the verdict, when it was checked, and the first problem.</summary>
    public string Describe() => $"{Verdict()} (checked {CheckedAt:u})"
        + (Problems.FirstOrDefault() is { } first ? $"; first: {first.Check} {first.Subject}: {first.Detail}" : string.Empty);
}
