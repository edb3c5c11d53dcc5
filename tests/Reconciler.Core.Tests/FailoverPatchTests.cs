using Reconciler.Core.Loading;
using Reconciler.Core.Recovery;
using Reconciler.Core.Validation;

namespace Reconciler.Core.Tests;

/// <summary>
/// The patch that makes a failover permanent. What matters: the patched repository validates
/// and says exactly what the overlay does, and nothing else in the files changes.
/// </summary>
public sealed class FailoverPatchTests
{
    private static readonly FailoverOverlay AtlasLost = new("atlas", "hermes", 3, DateTimeOffset.UnixEpoch, new Dictionary<string, TimeSpan>());

    public static TheoryData<string> Repositories => ["replicated", "flow path nodes", "block path nodes", "block path node replaced", "survivor's replication", "single constraint", "sample-repo"];

    [Theory]
    [MemberData(nameof(Repositories))]
    public void The_patched_repository_is_valid_and_says_what_the_overlay_does(string name)
    {
        var files = Repository(name);
        var overlaid = AtlasLost.ApplyTo(Validator.Validate(new InMemoryRepositoryFiles(files)).State);
        Assert.True(overlaid.CanApply, string.Join("; ", overlaid.Problems));

        var patch = FailoverPatch.For(new InMemoryRepositoryFiles(files), AtlasLost);

        Assert.Empty(patch.Problems);
        var patched = Validator.Validate(new InMemoryRepositoryFiles(Applied(files, patch)));
        Assert.True(patched.IsValid, string.Join("\n", patched.Diagnostics));
        Assert.Equal(StateShape.Of(overlaid.State), StateShape.Of(patched.State));
    }

    [Fact]
    public void The_diff_edits_only_the_lines_that_change()
    {
        var patch = FailoverPatch.For(new InMemoryRepositoryFiles(FailoverOverlayTests.Replicated().Files), AtlasLost);

        Assert.Equal("""
            --- a/app/compose.yaml
            +++ b/app/compose.yaml
            @@ -6,7 +6,7 @@
                 deploy:
                   replicas: 1
                   placement:
            -        constraints: [node.hostname == atlas]
            +        constraints: [node.hostname == hermes]
               web:
                 image: nginx:1.27
                 volumes:
            --- a/cluster.yaml
            +++ b/cluster.yaml
            @@ -3,11 +3,10 @@
             metadata: {name: lab}
             spec:
               nodes:
            -    - name: atlas
            -      role: manager
            -      labels: {storage: primary}
            -    - name: hermes
            -      role: worker
            -      address: root@10.0.0.2
            +    - name: hermes
            +      role: manager
            +      address: local
            +      labels:
            +        storage: primary
               policy:
                 bindRoots: [/srv]
            \ No newline at end of file
            --- a/data.yaml
            +++ b/data.yaml
            @@ -1,8 +1,8 @@
             apiVersion: reconciler/v1
             kind: Dataset
            -metadata: {name: tank/apps/db}
            +metadata: {name: backup/db}
             spec:
            -  node: atlas
            +  node: hermes
               mountpoint: /srv/data/db
               owner: 999
               group: 999
            --- a/replication.yaml
            +++ /dev/null
            @@ -1,7 +0,0 @@
            -apiVersion: reconciler/v1
            -kind: Replication
            -metadata: {name: db-to-hermes}
            -spec:
            -  source: tank/apps/db
            -  target: {node: hermes, dataset: backup/db}
            -  every: 15m
            \ No newline at end of file

            """.ReplaceLineEndings("\n"), patch.Diff);
    }

    [Fact]
    public void Comments_and_layout_outside_the_edited_lines_survive()
    {
        var files = Repository("sample-repo");

        var patch = FailoverPatch.For(new InMemoryRepositoryFiles(files), AtlasLost);

        var cluster = Assert.Single(patch.Changes, c => c.Path == "cluster/cluster.yaml");
        Assert.StartsWith(files["cluster/cluster.yaml"][..files["cluster/cluster.yaml"].IndexOf("    - name: atlas", StringComparison.Ordinal)], cluster.After, StringComparison.Ordinal);
        Assert.EndsWith("  policy:\n    bindRoots: [/srv]\n    allowPrivileged: false\n    allowDockerSocket: false\n    secrets:\n      encrypted: required   # every compose secret file is SOPS-encrypted (see ../.sops.yaml)\n", cluster.After, StringComparison.Ordinal);
        var storage = Assert.Single(patch.Changes, c => c.Path == "storage/vaultwarden.yaml");
        Assert.Equal(files["storage/vaultwarden.yaml"][..files["storage/vaultwarden.yaml"].IndexOf("---", StringComparison.Ordinal)]
            .Replace("name: tank/apps/vaultwarden", "name: backup/vaultwarden", StringComparison.Ordinal)
            .Replace("node: atlas", "node: hermes", StringComparison.Ordinal), storage.After);
    }

    [Fact]
    public void A_constraint_built_from_a_variable_is_left_to_a_person()
    {
        var repo = FailoverOverlayTests.Replicated()
            .Replace("app/compose.yaml", "[node.hostname == atlas]", "[\"node.hostname == ${PRIMARY}\"]")
            .Replace("app/stack.yaml", "spec: {compose: compose.yaml}", "spec: {compose: compose.yaml, variables: {PRIMARY: atlas}}");

        var patch = FailoverPatch.For(new InMemoryRepositoryFiles(repo.Files), AtlasLost);

        Assert.Equal("service db in app/compose.yaml: its constraint 'node.hostname == atlas' (line 9) is not written literally, e.g. it uses a variable; make it node.hostname == hermes by hand", Assert.Single(patch.Problems).ToString());
    }

    [Fact]
    public void Nodes_written_as_a_flow_list_are_left_to_a_person()
    {
        var repo = FailoverOverlayTests.Replicated().With("cluster.yaml", """
            apiVersion: reconciler/v1
            kind: Cluster
            metadata: {name: lab}
            spec:
              nodes: [{name: atlas, role: manager, labels: {storage: primary}}, {name: hermes, role: worker, address: root@10.0.0.2}]
            """);

        var problem = Assert.Single(FailoverPatch.For(new InMemoryRepositoryFiles(repo.Files), AtlasLost).Problems);

        Assert.Equal("Cluster lab: its nodes are not a block list ('- name: ...' lines), so edit cluster.yaml by hand: remove atlas, and give hermes role manager, address local and labels storage=primary", problem.ToString());
    }

    [Fact]
    public void The_overlays_problems_are_the_patchs()
    {
        var patch = FailoverPatch.For(new InMemoryRepositoryFiles(new TestRepository().Files), AtlasLost);

        Assert.Empty(patch.Changes);
        Assert.StartsWith("Dataset tank/apps/db: it lives on atlas and no Replication", Assert.Single(patch.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_repository_gets_no_patch()
    {
        var repo = FailoverOverlayTests.Replicated().Replace("data.yaml", "node: atlas", "node: olympus");

        var patch = FailoverPatch.For(new InMemoryRepositoryFiles(repo.Files), AtlasLost);

        Assert.Empty(patch.Changes);
        Assert.Equal("repository: it does not validate (1 errors); run reconciler validate and fix it first", Assert.Single(patch.Problems).ToString());
    }

    /// <summary>The files with the patch's changes made; a deleted file is gone.</summary>
    private static Dictionary<string, string> Applied(IReadOnlyDictionary<string, string> files, FailoverPatch patch)
    {
        var result = new Dictionary<string, string>(files, StringComparer.Ordinal);
        foreach (var change in patch.Changes)
        {
            Assert.Equal(files[change.Path], change.Before);
            if (change.After is null)
            {
                result.Remove(change.Path);
            }
            else
            {
                result[change.Path] = change.After;
            }
        }

        return result;
    }

    private static IReadOnlyDictionary<string, string> Repository(string name) => name switch
    {
        "replicated" => FailoverOverlayTests.Replicated().Files,
        "flow path nodes" => FailoverOverlayTests.Replicated().Replace("paths.yaml", "mode: \"0755\"}", "mode: \"0755\", nodes: [atlas, hermes]}").Files,
        "block path nodes" => FailoverOverlayTests.Replicated()
            .Replace("paths.yaml", "spec: {path: /srv/config/web, owner: 101, group: 101, mode: \"0755\"}",
                "spec:\n  path: /srv/config/web\n  owner: 101\n  group: 101\n  mode: \"0755\"\n  nodes:\n    - atlas # the manager\n    - 'hermes'\n").Files,
        "block path node replaced" => FailoverOverlayTests.Replicated().With("backups.yaml", """
            apiVersion: reconciler/v1
            kind: Path
            metadata: {name: backups}
            spec:
              path: /srv/backups
              owner: 0
              group: 0
              mode: "0700"
              nodes:
                - "atlas"   # where the dumps are written
            """).Files,
        "survivor's replication" => FailoverOverlayTests.Replicated().With("hermes.yaml", """
            # hermes's own cache, kept on atlas too
            apiVersion: reconciler/v1
            kind: Dataset
            metadata: {name: fast/cache}
            spec: {node: hermes, mountpoint: /srv/cache, owner: 0, group: 0, mode: "0755"}
            ---
            # sent to atlas hourly
            apiVersion: reconciler/v1
            kind: Replication
            metadata: {name: cache-to-atlas}
            spec:
              source: fast/cache
              target: {node: atlas, dataset: tank/cache}
              every: 1h
            ---
            apiVersion: reconciler/v1
            kind: Path
            metadata: {name: after}
            spec: {path: /srv/after, owner: 0, group: 0, mode: "0755"}

            """).Files,
        "single constraint" => FailoverOverlayTests.Replicated().Replace("app/compose.yaml", "constraints: [node.hostname == atlas]", "constraints: \"node.hostname == atlas\"").Files,
        _ => SampleRepository(),
    };

    private static Dictionary<string, string> SampleRepository()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!Directory.Exists(Path.Combine(root.FullName, "sample-repo")))
        {
            root = root.Parent ?? throw new DirectoryNotFoundException("sample-repo");
        }

        var sample = Path.Combine(root.FullName, "sample-repo");
        return Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(sample, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
    }
}
