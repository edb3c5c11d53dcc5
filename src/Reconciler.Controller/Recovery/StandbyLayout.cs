namespace Reconciler.Controller.Recovery;

/// <summary>
/// Where the standby lives on the worker: "standby" in its state directory, holding two complete
/// copies at most. A refresh unpacks into ".incoming", then moves "current" to "previous" and
/// ".incoming" to "current"; a refresh cut off at any point leaves one complete copy that the
/// reader finds ("current", else "previous"), never a mix of two refreshes.
/// </summary>
public static class StandbyLayout
{
    public const string Directory = "standby";

    public const string Current = "current";

    public const string Previous = "previous";

    public const string Incoming = ".incoming";

    /// <summary>The commit, time, epoch and a checksum of every other file.</summary>
    public const string Manifest = "manifest.json";

    /// <summary>The last good commit's desired-state files (<see cref="DesiredStateArchive"/>).</summary>
    public const string DesiredState = "desired-state.tar";

    /// <summary>The manager's state: history, last good commit, managed paths (state.json's format).</summary>
    public const string State = "state.json";

    /// <summary>What `docker swarm init` on the worker needs (<see cref="SwarmInitParameters"/>).</summary>
    public const string Swarm = "swarm.json";

    /// <summary>The controller's configuration file as the manager runs it.</summary>
    public const string Configuration = "config.yaml";

    /// <summary>On the manager: the last refresh, for status (<see cref="StandbyRecord"/>).</summary>
    public const string RefreshRecord = "standby.json";

    public static string In(string stateDirectory) => Path.Combine(stateDirectory, Directory);
}
