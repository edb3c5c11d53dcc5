using System.Text.Json.Nodes;

namespace Reconciler.Cli.Tests;

/// <summary>
/// `reconciler diff` shows every kind the repository declares, not only the Swarm's: a pull
/// request that only touches storage or node labels must never read "No changes."
/// </summary>
public sealed class DiffStorageTests : SampleRepositoryHistory
{
    [Fact]
    public void A_new_path_shows_with_its_mode_and_recursive_ownership_in_every_format()
    {
        Append("deploy/storage/paths.yaml", """
            ---
            apiVersion: reconciler/v1
            kind: Path
            metadata:
              name: shared
            spec:
              path: /srv/shared
              owner: 0
              group: 0
              mode: "0777"
              recursive: true

            """);
        Commit("a world-writable path");

        var text = Diff(1);
        AssertChanges(
            text,
            "+ path /srv/shared on atlas  (path shared)",
            "+ path /srv/shared on hermes  (path shared)",
            "mode: (none) -> \"0777\"",
            "recursive: (none) -> true");

        var markdown = Diff(1, "markdown");
        AssertChanges(markdown, "| `path /srv/shared on atlas` | `path shared` |", "`recursive`: `(none)` → `true`");

        var json = JsonNode.Parse(Diff(1, "json").Output)!;
        var step = json["steps"]!.AsArray().Single(s => (string?)s!["kind"] == "path" && (string?)s["node"] == "atlas")!;
        Assert.Equal("create", (string?)step["action"]);
        Assert.Contains(step["fields"]!.AsArray(), f => (string?)f!["path"] == "/recursive" && (bool?)f["after"] == true);
    }

    [Fact]
    public void Making_a_path_recursive_is_an_update()
    {
        Edit("deploy/storage/paths.yaml", "  mode: \"0755\"\n", "  mode: \"0755\"\n  recursive: true\n");
        Commit("chown the templates recursively");

        var run = Diff(1);

        AssertChanges(run, "~ path /srv/config/whoami on atlas  (path whoami-templates)", "recursive: false -> true");
    }

    [Fact]
    public void A_moved_mountpoint_and_a_changed_property_are_dataset_updates()
    {
        Edit("deploy/storage/vaultwarden.yaml", "mountpoint: /srv/data/vaultwarden", "mountpoint: /srv/data/vw");
        Edit("deploy/stacks/vaultwarden/compose.yaml", "/srv/data/vaultwarden", "/srv/data/vw");
        Edit("deploy/storage/vaultwarden.yaml", "recordsize: 16K", "recordsize: 128K");
        Commit("move the dataset");

        var run = Diff(1);

        AssertChanges(
            run,
            "~ dataset tank/apps/vaultwarden on atlas  (dataset tank/apps/vaultwarden)",
            "mountpoint: \"/srv/data/vaultwarden\" -> \"/srv/data/vw\"",
            "properties.recordsize: \"16384\" -> \"131072\"");
    }

    [Fact]
    public void Sharing_a_dataset_shows_the_property_and_the_policy_that_allows_it()
    {
        Edit("deploy/storage/vaultwarden.yaml", "    recordsize: 16K\n", "    recordsize: 16K\n    sharenfs: \"rw=@0.0.0.0/0,no_root_squash\"\n");
        Edit("deploy/cluster/cluster.yaml", "    allowDockerSocket: false", "    allowDockerSocket: false\n    allowShares: true");
        Commit("export the vault");

        var run = Diff(1);

        AssertChanges(
            run,
            "~ policy homelab  (cluster homelab)",
            "allowShares: false -> true",
            "~ dataset tank/apps/vaultwarden on atlas  (dataset tank/apps/vaultwarden)",
            "properties.sharenfs: (none) -> \"rw=@0.0.0.0/0,no_root_squash\"");
    }

    [Fact]
    public void Snapshot_schedules_and_replications_show_their_changes_and_removals()
    {
        Edit("deploy/storage/vaultwarden.yaml", "    every: 15m\n    keep", "    every: 1d\n    keep");
        Edit("deploy/storage/vaultwarden.yaml", "  maxLag: 30m\n", "  maxLag: 30m\n  force: true\n");
        Commit("fewer snapshots, forced replication");
        Edit("deploy/storage/vaultwarden.yaml", "  snapshots:\n    every: 1d\n    keep: \"4x15m, 24x1h, 7x1d\"\n", string.Empty);
        var text = File.ReadAllText(Path.Combine(Deploy, "storage/vaultwarden.yaml"));
        File.WriteAllText(Path.Combine(Deploy, "storage/vaultwarden.yaml"), text[..text.IndexOf("---", StringComparison.Ordinal)]);
        Commit("no more snapshots or replication");

        var changed = CliRun.Of("diff", "HEAD~2", "HEAD~1", Deploy);
        AssertChanges(
            changed,
            "~ snapshot-policy tank/apps/vaultwarden on atlas  (dataset tank/apps/vaultwarden)",
            "every: \"15m\" -> \"1d\"",
            "~ replication vaultwarden-to-hermes on hermes  (replication vaultwarden-to-hermes)",
            "force: false -> true");

        var removed = Diff(1);
        AssertChanges(removed, "- snapshot-policy tank/apps/vaultwarden on atlas", "- replication vaultwarden-to-hermes on hermes");
    }

    [Fact]
    public void A_path_that_left_the_repository_is_an_orphan_that_is_never_deleted()
    {
        var text = File.ReadAllText(Path.Combine(Deploy, "storage/paths.yaml"));
        File.WriteAllText(Path.Combine(Deploy, "storage/paths.yaml"), text[..text.IndexOf("---", StringComparison.Ordinal)]);
        Edit("deploy/stacks/vaultwarden/compose.yaml", "      - /srv/cache/vaultwarden:/cache\n", string.Empty);
        Commit("drop the cache path");

        var run = Diff(1);

        Assert.Contains("! path /srv/cache/vaultwarden on atlas  (path vaultwarden-attachments-cache): not in the repository any more; left alone, because reconciler never deletes a directory",
            run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_label_change_is_shown()
    {
        Edit("deploy/cluster/cluster.yaml", "        tier: stateless", "        tier: edge");
        Commit("relabel hermes");

        var run = Diff(1);

        AssertChanges(run, "~ node-label tier on hermes  (cluster homelab)", "value: \"stateless\" -> \"edge\"");
    }
}
