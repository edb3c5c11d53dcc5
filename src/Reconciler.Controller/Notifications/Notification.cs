namespace Reconciler.Controller.Notifications;

/// <summary>Something people should hear about: an apply, a rollback, corrected drift, a rejected commit, a replication problem, a second writer, a rebalance.</summary>
public sealed record Notification(NotificationEvent Event, string Title, string Message, string? Commit, DateTimeOffset At);

/// <summary>What a notification is about; targets subscribe by these names (applied, rolled-back, ...).</summary>
public enum NotificationEvent
{
    Applied,
    RolledBack,
    Failed,
    DriftCorrected,
    Rejected,
    Replication,
    Fenced,
    Writers,
    Rebalanced,
}
