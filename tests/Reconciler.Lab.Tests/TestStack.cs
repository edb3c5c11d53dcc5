using Reconciler.Cli;

namespace Reconciler.Lab.Tests;

/// <summary>
/// A throw-away repository with one Cluster and stacks named uniquely per test, so tests can
/// run in parallel on one Swarm. Dispose removes the stacks' objects from the lab.
/// </summary>
internal sealed class TestStack : IAsyncDisposable
{
    private readonly List<string> stacks = [];

    public TestStack(string clusterExtra = "", string nodeLabels = "{}", string policy = "{bindRoots: [/srv]}", bool withWorker = false)
    {
        var worker = withWorker ? $"- {{name: {Lab.Worker}, role: worker, address: \"{Lab.WorkerAddress}\"}}" : string.Empty;
        Directory.CreateDirectory(Root);
        Write("cluster.yaml", $$"""
            apiVersion: reconciler/v1
            kind: Cluster
            metadata: {name: lab}
            spec:
              nodes:
                - name: {{LabNode.Hostname}}
                  role: manager
                  labels: {{nodeLabels}}
                {{worker}}
              policy: {{policy}}
              {{clusterExtra}}
            """);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "reconciler-lab-tests", Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A stack name unique to this test run: Docker names stay short and valid.</summary>
    public string Name(string purpose)
    {
        var name = $"t{Path.GetFileName(Root)[..6]}{purpose}";
        stacks.Add(name);
        return name;
    }

    public void Stack(string name, string compose, bool prune = false, string extraSpec = "")
    {
        Write($"stacks/{name}/stack.yaml", $$"""
            apiVersion: reconciler/v1
            kind: Stack
            metadata: {name: {{name}}}
            spec: {compose: compose.yaml, prune: {{(prune ? "true" : "false")}}{{extraSpec}}}
            """);
        Write($"stacks/{name}/compose.yaml", compose);
    }

    public void RemoveStack(string name) => Directory.Delete(Path.Combine(Root, "stacks", name), recursive: true);

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public CliResult Run(params string[] verb) => Cli(Arguments(verb));

    /// <summary>The arguments <see cref="Run"/> passes: the verb on this repository with the lab's engine, ssh access and this repository's state.</summary>
    public string[] Arguments(params string[] verb)
    {
        string[] engine = verb[0] is "replicate" or "snapshots" ? [] : ["--docker-host", Lab.DockerHost!];
        return [.. verb, Root, .. engine, "--ssh-key", Lab.SshKey, "--known-hosts", Lab.KnownHosts, "--state-dir", StateDir];
    }

    /// <summary>A verb that takes no repository (guard): with the lab's ssh access and this repository's state directory.</summary>
    public CliResult Command(params string[] verb) => Cli([.. verb, "--ssh-key", Lab.SshKey, "--known-hosts", Lab.KnownHosts, "--state-dir", StateDir]);

    /// <summary>A verb that only talks to the engine (rebalance): this repository and the lab's Docker host.</summary>
    public CliResult Engine(params string[] verb) => Cli([.. verb, Root, "--docker-host", Lab.DockerHost!]);

    /// <summary>`reconciler secrets VERB FILE...`, which needs neither the engine nor the nodes.</summary>
    public static CliResult Secrets(params string[] arguments) => Cli(["secrets", .. arguments]);

    public CliResult Apply(params string[] extra) => Run(["apply", "--yes", .. extra]);

    public CliResult Plan(string format = "text") => Run("plan", "--format", format);

    /// <summary>The state of every verb, kept inside the test repository (a hidden directory the loader skips).</summary>
    public string StateDir => Path.Combine(Root, ".state");

    /// <summary>The repository as the controller loads it; the test fails if it does not validate.</summary>
    public Core.Model.DesiredState State()
    {
        var report = Core.Validation.Validator.Validate(new Core.Loading.DirectoryRepositoryFiles(Root));
        Assert.True(report.IsValid, string.Join('\n', report.Diagnostics));
        return report.State;
    }

    private static CliResult Cli(string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(arguments, output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        using var docker = Lab.Connect();
        await LabCleanup.RemoveStacksAsync(docker, stacks);
        Directory.Delete(Root, recursive: true);
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}--- stderr\n{Error}";
}
