namespace Reconciler.Controller.Notifications;

/// <summary>Something people should hear about: an apply, a rollback, corrected drift, a rejected commit, a replication problem.</summary>
public sealed record Notification(string Event, string Title, string Message, string? Commit, DateTimeOffset At);
