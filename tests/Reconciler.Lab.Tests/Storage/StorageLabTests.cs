using Reconciler.Lab.Tests.Storage;

namespace Reconciler.Lab.Tests;

/// <summary>
/// Host paths and datasets on the real two-node lab: atlas (local, pool tank) and hermes (over
/// ssh, pool backup), each with its own /srv and zfs-fuse. Names are unique per test, so these
/// run in parallel with each other and with the Swarm tests.
/// </summary>
public sealed class StorageLabTests
{
    [LabFact]
    public async Task Paths_are_created_on_every_node_with_their_owner_and_root_owned_parents()
    {
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("p");
        repo.Write("paths.yaml", $"""
            apiVersion: reconciler/v1
            kind: Path
            metadata: {"{"}name: app{"}"}
            spec: {"{"}path: /srv/{id}/deep/app, owner: 1234, group: 2345, mode: "0710"{"}"}
            """);

        var plan = repo.Plan();
        var apply = repo.Apply();

        Assert.Contains($"+ path /srv/{id}/deep/app on {Lab.Manager}", plan.Output, StringComparison.Ordinal);
        Assert.Contains($"+ path /srv/{id}/deep/app on {Lab.Worker}", plan.Output, StringComparison.Ordinal);
        Assert.Equal(0, apply.ExitCode);
        foreach (var node in new[] { Lab.Manager, Lab.Worker })
        {
            Assert.Equal("1234 2345 710", await LabShell.OwnershipAsync(node, $"/srv/{id}/deep/app"));
            Assert.Equal("0 0 755", await LabShell.OwnershipAsync(node, $"/srv/{id}/deep"));
        }

        Assert.Equal(0, repo.Plan().ExitCode);
    }

    [LabFact]
    public async Task A_changed_owner_or_mode_is_updated_and_a_path_that_left_the_repository_is_an_orphan_never_deleted()
    {
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("o");
        string Path(string owner, string mode) => $"""
            apiVersion: reconciler/v1
            kind: Path
            metadata: {"{"}name: data{"}"}
            spec: {"{"}path: /srv/{id}, owner: {owner}, group: 100, mode: "{mode}", nodes: [{Lab.Worker}]{"}"}
            """;
        repo.Write("paths.yaml", Path("1000", "0750"));
        Assert.Equal(0, repo.Apply().ExitCode);

        repo.Write("paths.yaml", Path("1001", "0700"));
        var plan = repo.Plan();
        Assert.Equal(2, plan.ExitCode);
        Assert.Contains($"~ path /srv/{id} on {Lab.Worker}", plan.Output, StringComparison.Ordinal);
        Assert.Contains("mode: \"0750\" -> \"0700\"", plan.Output, StringComparison.Ordinal);
        Assert.Equal(0, repo.Apply().ExitCode);
        Assert.Equal("1001 100 700", await LabShell.OwnershipAsync(Lab.Worker, $"/srv/{id}"));

        File.Delete(System.IO.Path.Combine(repo.Root, "paths.yaml"));
        var orphan = repo.Plan();
        Assert.Contains($"! path /srv/{id} on {Lab.Worker}", orphan.Output, StringComparison.Ordinal);
        Assert.Contains("never deletes a directory", orphan.Output, StringComparison.Ordinal);
        Assert.Equal(0, repo.Apply().ExitCode);
        Assert.Equal("1001 100 700", await LabShell.OwnershipAsync(Lab.Worker, $"/srv/{id}"));
    }

    [LabFact]
    public async Task A_symlink_where_a_path_belongs_is_refused_and_left_alone()
    {
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("l");
        await LabShell.OnAsync(Lab.Manager, "mkdir", "-p", $"/srv/{id}");
        await LabShell.OnAsync(Lab.Manager, "ln", "-s", "/etc", $"/srv/{id}/link");
        repo.Write("paths.yaml", $"""
            apiVersion: reconciler/v1
            kind: Path
            metadata: {"{"}name: link{"}"}
            spec: {"{"}path: /srv/{id}/link, owner: 1000, group: 1000, mode: "0700", nodes: [{Lab.Manager}]{"}"}
            """);

        var plan = repo.Plan();

        Assert.Equal(1, plan.ExitCode);
        Assert.Contains($"path /srv/{id}/link on {Lab.Manager} is a symbolic link", plan.Error, StringComparison.Ordinal);
        Assert.Equal("0 0 755", await LabShell.OwnershipAsync(Lab.Manager, "/etc"));
    }

    [LabFact]
    public async Task A_symlink_in_a_parent_of_a_path_is_never_followed_when_mode_or_owner_change()
    {
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("n");
        await LabShell.OnAsync(Lab.Worker, "mkdir", "-p", "-m", "0700", $"/srv/{id}", $"/srv/{id}-outside/data");
        await LabShell.OnAsync(Lab.Worker, "ln", "-s", $"/srv/{id}-outside", $"/srv/{id}/app");
        repo.Write("paths.yaml", $"""
            apiVersion: reconciler/v1
            kind: Path
            metadata: {"{"}name: data{"}"}
            spec: {"{"}path: /srv/{id}/app/data, owner: 1000, group: 1000, mode: "0777", nodes: [{Lab.Worker}]{"}"}
            """);

        var apply = repo.Apply();

        Assert.Equal(1, apply.ExitCode);
        Assert.Contains($"/srv/{id}/app is a symlink; reconciler never follows one", apply.Output + apply.Error, StringComparison.Ordinal);
        Assert.Equal("0 0 700", await LabShell.OwnershipAsync(Lab.Worker, $"/srv/{id}-outside/data"));
    }

    [LabFact]
    public async Task A_dataset_is_created_marked_with_its_properties_and_root_owner_then_updated()
    {
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("d");
        var dataset = $"{Lab.ManagerPool}/{id}/data";
        string Dataset(string recordsize, string mode) => $"""
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {"{"}name: {dataset}{"}"}
            spec:
              node: {Lab.Manager}
              mountpoint: /srv/{id}/data
              owner: 1000
              group: 1000
              mode: "{mode}"
              properties: {"{"}compression: "on", recordsize: {recordsize}{"}"}
            """;
        repo.Write("data.yaml", Dataset("16K", "0750"));

        Assert.Equal(0, repo.Apply().ExitCode);
        Assert.Equal("true", await LabShell.ZfsGetAsync(Lab.Manager, dataset, "reconciler:managed"));
        Assert.Equal("16384", await LabShell.ZfsGetAsync(Lab.Manager, dataset, "recordsize"));
        Assert.Equal($"/srv/{id}/data", await LabShell.ZfsGetAsync(Lab.Manager, dataset, "mountpoint"));
        Assert.Equal("1000 1000 750", await LabShell.OwnershipAsync(Lab.Manager, $"/srv/{id}/data"));
        Assert.Equal(0, repo.Plan().ExitCode);

        repo.Write("data.yaml", Dataset("32K", "0700"));
        var plan = repo.Plan();
        Assert.Contains($"~ dataset {dataset} on {Lab.Manager}", plan.Output, StringComparison.Ordinal);
        Assert.Contains("properties.recordsize: \"16384\" -> \"32768\"", plan.Output, StringComparison.Ordinal);
        Assert.Equal(0, repo.Apply().ExitCode);
        Assert.Equal("32768", await LabShell.ZfsGetAsync(Lab.Manager, dataset, "recordsize"));
        Assert.Equal("1000 1000 700", await LabShell.OwnershipAsync(Lab.Manager, $"/srv/{id}/data"));
        Assert.Equal(0, repo.Plan().ExitCode);
    }

    [LabFact]
    public async Task A_path_inside_a_new_datasets_mountpoint_is_made_inside_the_mounted_dataset()
    {
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("i");
        var dataset = $"{Lab.ManagerPool}/{id}";
        try
        {
            repo.Write("storage.yaml", $"""
                apiVersion: reconciler/v1
                kind: Dataset
                metadata: {"{"}name: {dataset}{"}"}
                spec: {"{"}node: {Lab.Manager}, mountpoint: /srv/{id}/data, owner: 1000, group: 1000, mode: "0750"{"}"}
                ---
                apiVersion: reconciler/v1
                kind: Path
                metadata: {"{"}name: files{"}"}
                spec: {"{"}path: /srv/{id}/data/files, owner: 1234, group: 2345, mode: "0710", nodes: [{Lab.Manager}]{"}"}
                """);

            var plan = repo.Plan();
            var apply = repo.Apply();

            Assert.True(apply.ExitCode == 0, apply.ToString());
            Assert.Equal("yes", await LabShell.ZfsGetAsync(Lab.Manager, dataset, "mounted"));
            Assert.Equal("1234 2345 710", await LabShell.OwnershipAsync(Lab.Manager, $"/srv/{id}/data/files"));
            Assert.NotEqual(await LabShell.DeviceAsync(Lab.Manager, $"/srv/{id}"), await LabShell.DeviceAsync(Lab.Manager, $"/srv/{id}/data"));
            Assert.Equal(await LabShell.DeviceAsync(Lab.Manager, $"/srv/{id}/data"), await LabShell.DeviceAsync(Lab.Manager, $"/srv/{id}/data/files"));
            var lines = plan.Output.Split('\n').ToList();
            var made = lines.FindIndex(l => l.Contains($"+ dataset {dataset} on {Lab.Manager}", StringComparison.Ordinal));
            Assert.True(made >= 0 && made < lines.FindIndex(l => l.Contains($"+ path /srv/{id}/data/files on {Lab.Manager}", StringComparison.Ordinal)), plan.Output);
            Assert.Equal(0, repo.Plan().ExitCode);
        }
        finally
        {
            await LabShell.DestroyAsync(Lab.Manager, dataset);
            await LabShell.OnAsync(Lab.Manager, "rm", "-rf", $"/srv/{id}");
        }
    }

    [LabFact]
    public async Task A_dataset_reconciler_did_not_create_is_never_touched()
    {
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("f");
        var dataset = $"{Lab.ManagerPool}/{id}";
        await LabShell.OnAsync(Lab.Manager, "zfs", "create", "-o", "recordsize=64K", dataset);
        repo.Write("data.yaml", $"""
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {"{"}name: {dataset}{"}"}
            spec: {"{"}node: {Lab.Manager}, mountpoint: /srv/{id}, owner: 0, group: 0, mode: "0755", properties: {"{"}recordsize: 16K{"}"}{"}"}
            """);

        var apply = repo.Apply();

        Assert.Equal(1, apply.ExitCode);
        Assert.Contains($"dataset {dataset} on {Lab.Manager} exists but reconciler did not create it", apply.Error, StringComparison.Ordinal);
        Assert.Contains($"zfs set reconciler:managed=true {dataset}", apply.Error, StringComparison.Ordinal);
        Assert.Equal("65536", await LabShell.ZfsGetAsync(Lab.Manager, dataset, "recordsize"));
    }

    [LabFact]
    public async Task A_property_value_this_zfs_lacks_is_refused_at_plan_time()
    {
        await using var repo = new TestStack(withWorker: true);
        var id = repo.Name("z");
        repo.Write("data.yaml", $"""
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {"{"}name: {Lab.ManagerPool}/{id}{"}"}
            spec: {"{"}node: {Lab.Manager}, mountpoint: /srv/{id}, owner: 0, group: 0, mode: "0755", properties: {"{"}compression: lz4{"}"}{"}"}
            """);

        var plan = repo.Plan();

        Assert.Equal(1, plan.ExitCode);
        Assert.Contains("compression=lz4 is not supported by zfs-fuse (pool version 23)", plan.Error, StringComparison.Ordinal);
    }

    [LabFact]
    public async Task The_dataset_and_path_a_service_mounts_exist_before_the_service_starts()
    {
        await using var repo = new TestStack(withWorker: true);
        var stack = repo.Name("w");
        var dataset = $"{Lab.ManagerPool}/{stack}";
        repo.Write("storage.yaml", $"""
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {"{"}name: {dataset}{"}"}
            spec: {"{"}node: {Lab.Manager}, mountpoint: /srv/{stack}/data, owner: 0, group: 0, mode: "0750", writer: {stack}/app{"}"}
            ---
            apiVersion: reconciler/v1
            kind: Path
            metadata: {"{"}name: cache{"}"}
            spec: {"{"}path: /srv/{stack}/cache, owner: 0, group: 0, mode: "0700", nodes: [{Lab.Manager}]{"}"}
            """);
        repo.Stack(stack, $$"""
            services:
              app:
                image: {{Lab.Image}}
                command: ["sh", "-c", "echo written-by-the-service > /data/hello && sleep 86400"]
                volumes:
                  - /srv/{{stack}}/data:/data
                  - /srv/{{stack}}/cache:/cache
                deploy:
                  replicas: 1
                  placement: {constraints: ["node.hostname == {{Lab.Manager}}"]}
            """);

        var plan = repo.Plan();
        var apply = repo.Apply();

        var lines = plan.Output.Split('\n').ToList();
        var service = lines.FindIndex(l => l.Contains($"+ service {stack}_app", StringComparison.Ordinal));
        Assert.True(lines.FindIndex(l => l.Contains($"+ dataset {dataset}", StringComparison.Ordinal)) is var d && d >= 0 && d < service, plan.Output);
        Assert.True(lines.FindIndex(l => l.Contains($"+ path /srv/{stack}/cache", StringComparison.Ordinal)) is var p && p >= 0 && p < service, plan.Output);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Equal("written-by-the-service", (await LabShell.OnAsync(Lab.Manager, "cat", $"/srv/{stack}/data/hello")).Trim());
    }
}
