using System.Diagnostics;
using System.Globalization;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;
using Reconciler.Core.Ssh;
using Reconciler.Core.Validation;
using Reconciler.Storage.Cycle;
using Reconciler.Storage.Nodes;

// Usage: Reconciler.Bench.Storage MEGABYTES RUNS   (on the lab's manager; lab variables set)
// 1. an incremental of MEGABYTES through a warm controller cycle, and through its transfer step
//    alone, vs the raw pipeline, alternating;
// 2. a no-change cycle (manager to worker over ssh) and the processes it starts;
// 3. the same no-change job pool to pool on one node, the controller vs syncoid.
if (args.Length != 2 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var megabytes) || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var runs))
{
    Console.Error.WriteLine("usage: Reconciler.Bench.Storage MEGABYTES RUNS");
    return 2;
}

string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set: run through bench/storage.sh");
var worker = Env("RECONCILER_LAB_SSH_DESTINATION");
var ssh = new SshOptions(Env("RECONCILER_LAB_SSH_KEY"), Env("RECONCILER_LAB_KNOWN_HOSTS")) { ControlDirectory = SshOptions.ControlDirectoryIn(Path.Combine(Path.GetTempPath(), "reconciler-bench-state")) };
var plainSsh = ssh with { ControlDirectory = null };
var id = $"bench{Guid.NewGuid().ToString("N")[..6]}";
var source = $"{Env("RECONCILER_LAB_MANAGER_POOL")}/{id}/src";
var target = $"{Env("RECONCILER_LAB_WORKER_POOL")}/{id}/copy";
INodeShell local = new LocalShell();
var remote = new SshShell(worker, ssh);

async Task Run(INodeShell shell, params string[] command)
{
    var result = await shell.RunAsync(command, CancellationToken.None);
    if (!result.Succeeded)
    {
        throw new InvalidOperationException($"{string.Join(' ', command)}: {result.Error}");
    }
}

DesiredState Repository(string source, string targetNode, string targetDataset)
{
    var files = new InMemoryRepositoryFiles(new Dictionary<string, string>
    {
        ["cluster.yaml"] = $"apiVersion: reconciler/v1\nkind: Cluster\nmetadata: {{name: bench}}\nspec:\n  nodes:\n    - {{name: atlas, role: manager, address: local}}\n    - {{name: hermes, role: worker, address: \"{worker}\"}}\n",
        ["storage.yaml"] = $"apiVersion: reconciler/v1\nkind: Dataset\nmetadata: {{name: {source}}}\nspec: {{node: atlas, mountpoint: /srv/{id}, owner: 0, group: 0, mode: \"0755\", snapshots: {{every: 1d, keep: \"7x1d\"}}}}\n"
            + $"---\napiVersion: reconciler/v1\nkind: Replication\nmetadata: {{name: {id}}}\nspec: {{source: {source}, target: {{node: {targetNode}, dataset: {targetDataset}}}, every: 15m}}\n",
    });
    var report = Validator.Validate(files);
    return report.IsValid ? report.State : throw new InvalidOperationException(string.Join('\n', report.Diagnostics));
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

async Task<double> Time(Func<Task> action)
{
    var clock = Stopwatch.StartNew();
    await action();
    return clock.Elapsed.TotalSeconds;
}

try
{
    var nodes = new StorageNodes([new StorageNode("atlas", new CountingShell(local)), new StorageNode("hermes", new CountingShell(remote))]);
    var state = Repository(source, "hermes", target);
    var cycle = new StorageCycle(nodes, TimeProvider.System);
    await Run(local, "zfs", "create", "-p", "-o", $"mountpoint=/srv/{id}", "-o", "reconciler:managed=true", source);
    var first = await cycle.RunAsync(state, CancellationToken.None);
    var basis = first.Taken.Single().Split('@')[1];
    await Run(local, "dd", "if=/dev/urandom", $"of=/srv/{id}/data", "bs=1M", $"count={megabytes}", "status=none");
    await Run(local, "zfs", "snapshot", $"{source}@increment");

    // 1. The same increment, alternately through the raw pipeline and through the controller.
    var sshCommand = string.Join(' ', new SshShell(worker, plainSsh).CommandLine(["zfs", "receive", "-u", target]).Select(SshArguments.Quote));
    var raw = new List<double>();
    var controller = new List<double>();
    var transfer = new List<double>();
    var ways = new (List<double> Times, Func<Task> Send)[]
    {
        (raw, () => Run(local, "bash", "-c", $"zfs send -i {source}@{basis} {source}@increment | {sshCommand}")),
        (controller, async () =>
        {
            var report = await cycle.RunAsync(state, CancellationToken.None);
            if (report.Replications.Single().State != ReplicationState.Replicated)
            {
                throw new InvalidOperationException(report.Replications.Single().Detail);
            }
        }),
        (transfer, async () =>
        {
            var pipe = await NodePipe.RunAsync(local, ["zfs", "send", "-i", $"{source}@{basis}", $"{source}@increment"], remote, ["zfs", "receive", "-u", target], CancellationToken.None);
            if (!pipe.Succeeded)
            {
                throw new InvalidOperationException(pipe.Receiver.Error);
            }
        }),
    };
    for (var i = 0; i < runs * ways.Length; i++)
    {
        // Rotating the order cancels out cache warmth and whatever zfs-fuse still does after the previous receive.
        var (times, send) = ways[(i + (i / ways.Length)) % ways.Length];
        await Run(remote, "zfs", "rollback", "-r", $"{target}@{basis}");
        times.Add(await Time(send));
    }

    // 2. No change: observe both nodes, decide, nothing to send.
    var idle = new List<double>();
    var processes = 0;
    for (var i = 0; i < runs * 3; i++)
    {
        var before = CountingShell.Started;
        idle.Add(await Time(() => cycle.RunAsync(state, CancellationToken.None)));
        processes = CountingShell.Started - before;
    }

    // 3. Pool to pool on the manager: the controller (the worker's name mapped to this node) vs syncoid.
    var ours = $"{Env("RECONCILER_LAB_MANAGER_POOL")}/{id}/ours";
    var theirs = $"{Env("RECONCILER_LAB_MANAGER_POOL")}/{id}/theirs";
    var localNodes = new StorageNodes([new StorageNode("atlas", local), new StorageNode("hermes", local)]);
    var localCycle = new StorageCycle(localNodes, TimeProvider.System);
    var small = $"{Env("RECONCILER_LAB_MANAGER_POOL")}/{id}/small";
    await Run(local, "zfs", "create", "-o", $"mountpoint=/srv/{id}-small", "-o", "reconciler:managed=true", small);
    await Run(local, "dd", "if=/dev/urandom", $"of=/srv/{id}-small/data", "bs=1M", "count=16", "status=none");
    var localState = Repository(small, "hermes", ours);
    await localCycle.RunAsync(localState, CancellationToken.None);
    await Run(local, "syncoid", "--quiet", "--no-sync-snap", small, theirs);
    var localOurs = new List<double>();
    var syncoid = new List<double>();
    for (var i = 0; i < runs * 3; i++)
    {
        localOurs.Add(await Time(() => localCycle.RunAsync(localState, CancellationToken.None)));
        syncoid.Add(await Time(() => Run(local, "syncoid", "--quiet", "--no-sync-snap", small, theirs)));
    }

    var inv = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Create(inv, $"incremental of {megabytes} MB, atlas -> hermes over ssh (median of {runs}):"));
    Console.WriteLine(string.Create(inv, $"  raw zfs send -i | ssh zfs receive   {Median(raw),7:0.000} s"));
    Console.WriteLine(string.Create(inv, $"  controller, transfer step only      {Median(transfer),7:0.000} s   ratio {Median(transfer) / Median(raw):0.000}"));
    Console.WriteLine(string.Create(inv, $"  controller, whole cycle             {Median(controller),7:0.000} s   ratio {Median(controller) / Median(raw):0.000} (target < 1.05; observes both nodes first)"));
    Console.WriteLine(string.Create(inv, $"no-change cycle atlas -> hermes       {Median(idle) * 1000,7:0.0} ms, {processes} processes started by the controller"));
    Console.WriteLine(string.Create(inv, $"no-change, pool to pool on atlas (median of {runs * 3}):"));
    Console.WriteLine(string.Create(inv, $"  syncoid --no-sync-snap               {Median(syncoid) * 1000,7:0.0} ms"));
    Console.WriteLine(string.Create(inv, $"  controller cycle                     {Median(localOurs) * 1000,7:0.0} ms   syncoid / controller = {Median(syncoid) / Median(localOurs):0.0}x (target >= 3x)"));
}
finally
{
    // zfs-fuse reports "dataset is busy" for a moment after the last use: retry briefly.
    foreach (var (shell, dataset) in new[] { (local, $"{Env("RECONCILER_LAB_MANAGER_POOL")}/{id}"), ((INodeShell)remote, $"{Env("RECONCILER_LAB_WORKER_POOL")}/{id}") })
    {
        for (var attempt = 1; !(await shell.RunAsync(["zfs", "destroy", "-r", dataset], CancellationToken.None)).Succeeded; attempt++)
        {
            if (attempt == 20)
            {
                Console.Error.WriteLine($"note: could not remove {dataset}; the next `scripts/lab.sh up` starts with fresh pools");
                break;
            }

            await Task.Delay(500);
        }
    }
}

return 0;
