using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;
using Reconciler.Core.Validation;

namespace Reconciler.Core.Tests;

/// <summary>
/// A small valid two-node repository held in memory, which each test bends in one place to
/// break one rule. Keeping the baseline valid means a test sees only the diagnostic it caused.
/// </summary>
internal sealed class TestRepository
{
    public const string Cluster = """
        apiVersion: reconciler/v1
        kind: Cluster
        metadata: {name: lab}
        spec:
          nodes:
            - name: atlas
              role: manager
              labels: {storage: primary}
            - name: hermes
              role: worker
              address: root@10.0.0.2
          policy:
            bindRoots: [/srv]
        """;

    public const string Dataset = """
        apiVersion: reconciler/v1
        kind: Dataset
        metadata: {name: tank/apps/db}
        spec:
          node: atlas
          mountpoint: /srv/data/db
          owner: 999
          group: 999
          mode: "0700"
          writer: app/db
          snapshots: {every: 15m, keep: "4x15m, 24x1h"}
        """;

    public const string Stack = """
        apiVersion: reconciler/v1
        kind: Stack
        metadata: {name: app}
        spec: {compose: compose.yaml}
        """;

    public const string Compose = """
        services:
          db:
            image: postgres:16
            volumes:
              - /srv/data/db/pgdata:/var/lib/postgresql/data
            deploy:
              replicas: 1
              placement:
                constraints: [node.hostname == atlas]
          web:
            image: nginx:1.27
            volumes:
              - /srv/config/web:/etc/nginx/conf.d:ro
        """;

    public const string Path = """
        apiVersion: reconciler/v1
        kind: Path
        metadata: {name: web-config}
        spec: {path: /srv/config/web, owner: 101, group: 101, mode: "0755"}
        """;

    private readonly Dictionary<string, string> files = new(StringComparer.Ordinal)
    {
        ["cluster.yaml"] = Cluster,
        ["data.yaml"] = Dataset,
        ["app/stack.yaml"] = Stack,
        ["app/compose.yaml"] = Compose,
        ["paths.yaml"] = Path,
    };

    public TestRepository With(string file, string text)
    {
        files[file] = text;
        return this;
    }

    public TestRepository Without(string file)
    {
        files.Remove(file);
        return this;
    }

    /// <summary>Replaces text in one file; fails loudly if the text is not there.</summary>
    public TestRepository Replace(string file, string from, string to)
    {
        Assert.Contains(from, files[file], StringComparison.Ordinal);
        files[file] = files[file].Replace(from, to, StringComparison.Ordinal);
        return this;
    }

    /// <summary>Where a piece of text starts in a file: the place a diagnostic should point at.</summary>
    public SourceLocation Locate(string file, string needle, int occurrence = 1)
    {
        var text = files[file];
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
            Assert.True(index >= 0, $"'{needle}' is not in {file}");
        }

        var before = text[..index];
        return new SourceLocation(file, before.Count(c => c == '\n') + 1, index - (before.LastIndexOf('\n') + 1) + 1);
    }

    public ValidationReport Validate() => Validator.Validate(new InMemoryRepositoryFiles(files));

    public IReadOnlyDictionary<string, string> Files => files;
}
