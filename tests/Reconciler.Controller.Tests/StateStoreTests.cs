using Reconciler.Controller.State;

namespace Reconciler.Controller.Tests;

public sealed class StateStoreTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "reconciler-state-" + Guid.NewGuid().ToString("N")[..8]);

    private static ApplyRecord Record(string commit, ApplyResult result) => new(commit, At, result, "1 created", result == ApplyResult.Converged ? [] : ["web"]);

    [Fact]
    public void A_new_store_is_empty()
    {
        var state = new StateStore(directory).Load();

        Assert.Null(state.LastGoodCommit);
        Assert.Empty(state.History);
    }

    [Fact]
    public void A_converged_apply_becomes_the_last_good_commit_and_a_failed_one_does_not()
    {
        var store = new StateStore(directory);

        store.Record(Record("aaa", ApplyResult.Converged));
        store.Record(Record("bbb", ApplyResult.RolledBack));

        var state = new StateStore(directory).Load();
        Assert.Equal("aaa", state.LastGoodCommit);
        Assert.Equal(["bbb", "aaa"], state.History.Select(r => r.Commit));
        Assert.True(state.HasFailed("bbb"));
        Assert.False(state.HasFailed("aaa"));
    }

    [Fact]
    public void A_commit_that_later_converged_is_no_longer_failed()
    {
        var store = new StateStore(directory);
        store.Record(Record("bbb", ApplyResult.Failed));

        var state = store.Record(Record("bbb", ApplyResult.Converged));

        Assert.False(state.HasFailed("bbb"));
        Assert.Equal("bbb", state.LastGoodCommit);
    }

    [Fact]
    public void History_is_bounded()
    {
        var state = ReconcilerState.Empty;
        for (var i = 0; i < ReconcilerState.HistoryLimit + 10; i++)
        {
            state = state.With(Record($"c{i}", ApplyResult.Converged));
        }

        Assert.Equal(ReconcilerState.HistoryLimit, state.History.Count);
        Assert.Equal($"c{ReconcilerState.HistoryLimit + 9}", state.History[0].Commit);
    }

    [Fact]
    public void Writes_leave_no_temporary_file_and_are_readable_json()
    {
        var store = new StateStore(directory);

        store.Record(Record("aaa", ApplyResult.Converged));

        Assert.Equal(["state.json"], Directory.GetFiles(directory).Select(Path.GetFileName));
        Assert.Contains("\"result\": \"converged\"", File.ReadAllText(store.Path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_file_is_a_clear_error_not_silently_forgotten_history()
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "state.json"), "{ not json");

        var error = Assert.Throws<InvalidDataException>(() => new StateStore(directory).Load());

        Assert.Contains("is damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_apply_in_progress_survives_until_its_record_but_not_a_rejected_commit_after_it()
    {
        var store = new StateStore(directory);
        store.Record(Record("aaa", ApplyResult.Converged));
        store.Begin(new ApplyInProgress("bbb", At, ["web"]));

        var reloaded = new StateStore(directory).Load().InProgress;
        Assert.Equal(("bbb", At, "web"), (reloaded?.Commit, reloaded?.Started, Assert.Single(reloaded!.Stacks)));
        Assert.Equal("aaa", new StateStore(directory).Load().LastGoodCommit);
        Assert.Equal(At, store.Record(new ApplyRecord("ccc", At, ApplyResult.Rejected, "1 problem", [])).InProgress?.Started);
        Assert.Null(store.Record(Record("bbb", ApplyResult.RolledBack)).InProgress);
    }

    [Fact]
    public void An_interrupted_apply_or_an_empty_plan_of_an_unverified_commit_must_verify_every_service()
    {
        var now = At.AddMinutes(5);
        var verified = ReconcilerState.Empty.With(Record("aaa", ApplyResult.Converged));
        var interrupted = verified with { InProgress = new ApplyInProgress("bbb", At, ["web"]) };

        Assert.Equal(At, interrupted.VerifyAllSince("bbb", changes: false, now));
        Assert.Equal(At, interrupted.VerifyAllSince("bbb", changes: true, now));
        Assert.Equal(now, verified.VerifyAllSince("bbb", changes: false, now));
        Assert.Null(verified.VerifyAllSince("aaa", changes: false, now));
        Assert.Null(verified.VerifyAllSince("bbb", changes: true, now));
        Assert.Null(verified.VerifyAllSince(null, changes: false, now));
    }

    [Fact]
    public void After_a_rollback_the_running_commit_is_the_last_good_one_not_the_failed_one()
    {
        var store = new StateStore(directory);
        store.Record(Record("aaa", ApplyResult.Converged));
        store.Record(Record("bbb", ApplyResult.RolledBack));
        var state = store.Record(new ApplyRecord("ccc", At, ApplyResult.Rejected, "1 problem", []));

        Assert.Equal("aaa", state.Running);
        Assert.Equal("ddd", store.Record(Record("ddd", ApplyResult.Failed)).Running);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_state_directory_is_0700_and_the_state_file_0600_even_where_an_older_version_left_them_open()
    {
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.WriteAllText(Path.Combine(directory, "state.json.tmp"), "left by a crash");
        File.SetUnixFileMode(Path.Combine(directory, "state.json.tmp"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var store = new StateStore(directory);
        store.Record(Record("aaa", ApplyResult.Converged));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
