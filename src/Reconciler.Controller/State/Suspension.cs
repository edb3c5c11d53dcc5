namespace Reconciler.Controller.State;

/// <summary>
/// The maintenance switch, kept as a file in the state directory so it survives restarts:
/// while suspended the controller keeps fetching, observing and reporting, but changes nothing.
/// A fenced node (<see cref="Recovery.FenceRecord"/>) is suspended too, and so is one where a
/// restore is unfinished (<see cref="Recovery.RestoreRecord"/>); resume lifts neither.
/// </summary>
public sealed class Suspension(string stateDirectory)
{
    private readonly string path = Path.Combine(stateDirectory, "suspended");

    public bool IsSuspended => File.Exists(path) || IsFenced || IsRestoring;

    public bool IsFenced => File.Exists(Recovery.FenceRecord.PathIn(stateDirectory));

    public bool IsRestoring => File.Exists(Recovery.RestoreRecord.PathIn(stateDirectory));

    public void Suspend()
    {
        Storage.Nodes.PrivateDirectory.Ensure(stateDirectory, allowLink: true);
        File.WriteAllText(path, DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Resume() => File.Delete(path);
}
