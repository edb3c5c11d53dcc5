using Prometheus;

namespace Reconciler.Controller.Metrics;

/// <summary>The controller's Prometheus metrics, in a registry of its own (one per controller).</summary>
public sealed class ControllerMetrics
{
    public ControllerMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        CycleDuration = factory.CreateHistogram("reconciler_cycle_duration_seconds", "Duration of reconcile cycles.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 2, 14) });
        Cycles = factory.CreateCounter("reconciler_cycles_total", "Reconcile cycles by result.", "result");
        LastSuccessfulApply = factory.CreateGauge("reconciler_last_successful_apply_timestamp_seconds", "When an apply last converged (Unix time).");
        AppliedCommit = factory.CreateGauge("reconciler_applied_commit_info", "The commit the cluster was last applied from (value 1).", "commit");
        Drift = factory.CreateGauge("reconciler_drifted_stacks", "Stacks that differ from the repository.");
        Webhooks = factory.CreateCounter("reconciler_webhook_requests_total", "Webhook requests by outcome.", "outcome");
        ReplicationLag = factory.CreateGauge("reconciler_replication_lag_seconds", "Now minus the newest snapshot on the target.", "replication");
        ReplicationHealthy = factory.CreateGauge("reconciler_replication_healthy", "1 when up to date and within maxLag, else 0.", "replication");
        ReplicationDiverged = factory.CreateGauge("reconciler_replication_diverged", "1 when the target diverged and replication stopped.", "replication");
        Suspended = factory.CreateGauge("reconciler_suspended", "1 while suspended (observing only).");
        StandbyFresh = factory.CreateGauge("reconciler_standby_fresh", "1 when the worker's standby holds the last good commit and its last refresh worked.");
        FailoverReady = factory.CreateGauge("reconciler_failover_ready", "1 when the worker could take over now (as `reconciler check failover` says), else 0; absent until checked.",
            new GaugeConfiguration { SuppressInitialValue = true });
        FailoverRpo = factory.CreateGauge("reconciler_failover_rpo_seconds",
            "What a failover now would lose of each replicated writer's dataset: now minus its newest snapshot on the worker, at the last check (NaN: unknown).", "dataset");
        DatasetWriters = factory.CreateGauge("reconciler_dataset_writers",
            "Containers seen writing each dataset on its node at the last check (more than 1: a second writer; NaN: its node could not be looked at).", "dataset");
        DatasetWriterProblems = factory.CreateGauge("reconciler_dataset_writer_problems",
            "Problems the writer check found about each dataset and its copies at the last check: second writers, the writer's extra tasks, a copy mounted read-write or written to.", "dataset");
        NodeUp = factory.CreateGauge("reconciler_node_up", "1 when the swarm node is ready and active (takes tasks), else 0.", "node");
        Rejections = factory.CreateCounter("reconciler_commits_rejected_total", "Commits refused before any change, by reason (invalid, signature).", "reason");
    }

    public CollectorRegistry Registry { get; }

    public Histogram CycleDuration { get; }

    public Counter Cycles { get; }

    public Gauge LastSuccessfulApply { get; }

    public Gauge NodeUp { get; }

    public Gauge AppliedCommit { get; }

    public Gauge Drift { get; }

    public Counter Webhooks { get; }

    public Gauge ReplicationLag { get; }

    public Gauge ReplicationHealthy { get; }

    public Gauge ReplicationDiverged { get; }

    public Gauge Suspended { get; }

    public Counter Rejections { get; }

    public Gauge StandbyFresh { get; }

    public Gauge FailoverReady { get; }

    public Gauge FailoverRpo { get; }

    public Gauge DatasetWriters { get; }

    public Gauge DatasetWriterProblems { get; }
}
