using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;

namespace Reconciler.Controller.Tests.Recovery;

public sealed class RestoreRecordTests : IDisposable
{
    private readonly string stateDir = Directory.CreateTempSubdirectory("reconciler-restore-").FullName;

    private static readonly RestoreRecord Record = new(
        "tank/app", "atlas", "reconciler_20261126T100000Z", RestoreMethod.FromReplica, "20261126T103000Z", new DateTimeOffset(2026, 11, 26, 10, 30, 0, TimeSpan.Zero),
        new Dictionary<string, string> { ["mountpoint"] = "/srv/app", ["reconciler:managed"] = "true" },
        [new StoppedService("app_db", 1)], SourceExisted: true, new ReplicaSource("hermes", "backup/app"));

    [Fact]
    public void A_record_survives_a_restart_and_names_what_it_keeps()
    {
        Record.Save(stateDir);

        var loaded = RestoreRecord.Load(stateDir)!;

        Assert.Equal(Record with { Properties = loaded.Properties, Services = loaded.Services }, loaded);
        Assert.Equal(Record.Properties, loaded.Properties);
        Assert.Equal(Record.Services, loaded.Services);
        Assert.Contains("\"method\": \"from-replica\"", File.ReadAllText(RestoreRecord.PathIn(stateDir)), StringComparison.Ordinal);
        Assert.Equal("tank/app.before-restore-20261126T103000Z", loaded.Kept);
        Assert.Equal("pre-restore-20261126T103000Z", loaded.PreRestore);
        Assert.Equal("restoring tank/app to reconciler_20261126T100000Z (from-replica), begun 2026-11-26 10:30:00Z", loaded.Describe());
    }

    [Fact]
    public void An_unfinished_restore_keeps_the_controller_suspended_and_resume_does_not_lift_it()
    {
        var suspension = new Suspension(stateDir);
        Record.Save(stateDir);

        suspension.Resume();

        Assert.True(suspension.IsSuspended);
        RestoreRecord.Delete(stateDir);
        Assert.False(suspension.IsSuspended);
    }

    [Fact]
    public void A_damaged_record_says_what_it_keeps_suspended()
    {
        File.WriteAllText(RestoreRecord.PathIn(stateDir), "{");

        var error = Assert.Throws<InvalidDataException>(() => RestoreRecord.Load(stateDir));

        Assert.Contains("the controller stays suspended until it is repaired or removed by hand", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(stateDir, recursive: true);
}
