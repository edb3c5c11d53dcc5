namespace Reconciler.Controller;

/// <summary>
/// Where the event ids of the controller's log messages come from: each area owns a hundred, so
/// an id says which part of the controller spoke and keeps its meaning across releases (alerts
/// and log shippers match on it). Each area writes its messages as [LoggerMessage] methods of
/// a small static partial Log class in its own folder, numbered up from its base:
/// Loop 1000–1099, Deployment 1100–1199, Notifications 1200–1299, Http and host 1300–1399,
/// Storage 1400–1499, Git 1500–1599, Recovery 1600–1699, Writers 1700–1799.
/// </summary>
internal static class LogEvents
{
    public const int Loop = 1000;
    public const int Deployment = 1100;
    public const int Notifications = 1200;
    public const int Http = 1300;
    public const int Storage = 1400;
    public const int Git = 1500;
    public const int Recovery = 1600;
    public const int Writers = 1700;
}
