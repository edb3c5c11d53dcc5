using System.Globalization;

namespace Reconciler.Storage.Snapshots;

/// <summary>Names of the snapshots the controller takes: PREFIX_yyyyMMddTHHmmssZ, in UTC.</summary>
public static class SnapshotName
{
    private const string Format = "yyyyMMdd'T'HHmmss'Z'";

    public static string For(string prefix, DateTimeOffset time) => $"{prefix}_{Stamp(time)}";

    /// <summary>A moment as names carry it: 20261126T101500Z.</summary>
    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The time encoded in one of our names, or null for a snapshot someone else took.</summary>
    public static DateTimeOffset? TimeOf(string prefix, string name) =>
        name.StartsWith(prefix + "_", StringComparison.Ordinal)
        && DateTime.TryParseExact(name[(prefix.Length + 1)..], Format, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;

    public static bool IsOurs(string prefix, string name) => TimeOf(prefix, name) is not null;

    /// <summary>
    /// Our snapshots are dated by their name (the moment the schedule took them, which a test's
    /// clock controls); others by their creation property.
    /// </summary>
    public static IReadOnlyList<Snapshot> Dated(IEnumerable<Snapshot> snapshots, string prefix) =>
        Snapshot.Chronological(snapshots.Select(s => TimeOf(prefix, s.Name) is { } time ? s with { Created = time } : s));
}
