using System.Globalization;
using System.Text.Json.Serialization;
using Reconciler.Core.Model;
using Reconciler.Core.Text;

namespace Reconciler.Controller.Writers;

/// <summary>Who writes each dataset, as the last cycle found it, and what is wrong: what /status, the page and `reconciler status` show.</summary>
public sealed record WriterReport(DateTimeOffset CheckedAt, IReadOnlyList<DatasetWriters> Datasets, IReadOnlyList<string> Errors)
{
    [JsonIgnore]
    public IEnumerable<WriterFinding> Findings => Datasets.SelectMany(d => d.Findings);

    /// <summary>Each problem by its <see cref="WriterFinding.Key"/>, with what the guard did about it: to tell what is new next time.</summary>
    public Dictionary<string, string?> Actions()
    {
        var actions = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var finding in Findings)
        {
            actions.TryAdd(finding.Key, finding.Action);
        }

        return actions;
    }

    /// <summary>One line: how many datasets were checked and problems found, and where the check could not look.</summary>
    public string Describe()
    {
        var problems = Findings.Count();
        var found = problems == 0 ? "no second writer" : $"{problems} problem(s) on {Datasets.Count(d => d.Findings.Count > 0)} of them";
        return string.Create(CultureInfo.InvariantCulture, $"{Datasets.Count} dataset(s) checked at {CheckedAt:yyyy-MM-dd HH:mm:ss}Z: {found}{(Errors.Count > 0 ? $"; {string.Join("; ", Errors)}" : string.Empty)}");
    }
}

/// <summary>
/// One dataset: how many containers on its node write it (null when that node could not be
/// looked at), which they are, and the findings about it and its copies.
/// </summary>
public sealed record DatasetWriters(string Dataset, string Node, WriterGuard Guard, int? Writers, IReadOnlyList<string> Containers, IReadOnlyList<WriterFinding> Findings);

/// <summary>
/// Something that writes, or could write, a dataset besides its writer: what, what to do, and
/// what the guard did about it (null when it only alerts).
/// </summary>
public sealed record WriterFinding(string Dataset, WriterCheck Check, string Subject, string Detail, string Remedy)
{
    /// <summary>The container <c>guard: stop</c> stops; null when there is none to stop (the declared writer's own tasks, a copy's state).</summary>
    [JsonIgnore]
    public RunningContainer? Container { get; init; }

    public string? Action { get; init; }

    /// <summary>The same problem across cycles: notified once, when it first appears.</summary>
    [JsonIgnore]
    public string Key => $"{Dataset}\n{Check.Name()}\n{Subject}";
}

/// <summary>The checks (named by <see cref="StateNames"/>: container, tasks, replica-mounted, replica-written).</summary>
public enum WriterCheck
{
    /// <summary>A container writes the dataset (or its copy) besides the declared writer.</summary>
    Container,

    /// <summary>The writer's service runs more than one task.</summary>
    Tasks,

    /// <summary>A copy is mounted read-write.</summary>
    ReplicaMounted,

    /// <summary>A copy was written since its newest snapshot.</summary>
    ReplicaWritten,
}
