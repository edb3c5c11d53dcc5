using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using Reconciler.Core.Diff;
using Reconciler.Swarm.Conversion;
using Reconciler.Swarm.Resources;

namespace Reconciler.Lab.Tests;

/// <summary>
/// Parity with docker stack deploy: each compose file of the corpus is deployed once by the
/// docker CLI and once by reconciler, and the service specs the engine stored are compared field
/// by field, normalised only by the engine defaults plan itself fills. The only differences
/// allowed are the stack name and the content hash reconciler adds to config and secret names.
/// The corpus has hand-written cases (parity/*.yaml, sharing the files beside them) and published
/// real-world stacks (parity/real-world/NAME/compose.yaml with their own files and a `variables`
/// file; each names its source and what the sandbox needed changed).
/// </summary>
public sealed partial class ParityTests
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "parity");

    private static readonly string RealWorld = Path.Combine(Corpus, "real-world");

    /// <summary>Node labels the real-world stacks place by; the test sets them on the lab's manager.</summary>
    private static readonly string[] PlacementLabels = ["traefik-public.traefik-public-certificates", "portainer.portainer-data"];

    public static TheoryData<string> CorpusFiles() =>
        new(Directory.GetFiles(Corpus, "*.yaml").Select(Path.GetFileNameWithoutExtension)
            .Concat(Directory.GetDirectories(RealWorld).Select(d => "real-world/" + Path.GetFileName(d)))
            .Order(StringComparer.Ordinal)!);

    [LabTheory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Reconciler_deploys_the_same_service_specs_as_docker_stack_deploy(string file)
    {
        await using var repo = new TestStack(policy: "{bindRoots: [/srv], allowPrivileged: true}", withWorker: true); // global services bind /srv/parity on both nodes
        var theirs = repo.Name("cli");
        var ours = repo.Name("rec");
        repo.Write("paths.yaml", "apiVersion: reconciler/v1\nkind: Path\nmetadata: {name: parity}\nspec: {path: /srv/parity, owner: 0, group: 0, mode: \"0755\"}\n");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["IMAGE"] = Lab.Image };
        if (file.StartsWith("real-world/", StringComparison.Ordinal))
        {
            var source = Path.Combine(Corpus, file);
            foreach (var path in Directory.GetFiles(source, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "variables"))
            {
                repo.Write($"stacks/{ours}/{Path.GetRelativePath(source, path)}", File.ReadAllText(path));
            }

            var declared = Path.Combine(source, "variables");
            foreach (var line in (File.Exists(declared) ? File.ReadAllLines(declared) : []).Where(l => l.Contains('=', StringComparison.Ordinal)))
            {
                variables[line[..line.IndexOf('=', StringComparison.Ordinal)]] = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..];
            }
        }
        else
        {
            foreach (var source in Directory.GetFiles(Corpus).Where(f => Path.GetFileNameWithoutExtension(f) == file || !f.EndsWith(".yaml", StringComparison.Ordinal)))
            {
                repo.Write($"stacks/{ours}/{(source.EndsWith(".yaml", StringComparison.Ordinal) ? "compose.yaml" : Path.GetFileName(source))}", File.ReadAllText(source));
            }
        }

        var values = string.Join(", ", variables.Select(v => $"{v.Key}: \"{v.Value}\""));
        repo.Write($"stacks/{ours}/stack.yaml",
            $"apiVersion: reconciler/v1\nkind: Stack\nmetadata: {{name: {ours}}}\nspec:\n  compose: compose.yaml\n  convergenceTimeout: 60s\n  variables: {{{values}}}\n");

        // One after the other: both stacks publish the same ports and subnets.
        using var docker = Lab.Connect();
        await EnsureExternalNetworkAsync(docker, "rlab-parity-external");
        await EnsureExternalNetworkAsync(docker, "traefik-public");
        await EnsurePlacementLabelsAsync(docker);
        await StackDeployAsync(theirs, Path.Combine(repo.Root, "stacks", ours, "compose.yaml"), variables);
        var cli = await SpecsAsync(docker, theirs);
        var cliObjects = await ObjectsAsync(docker, theirs, ours);
        await LabCleanup.RemoveStacksAsync(docker, [theirs]);
        var applied = repo.Apply();
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("applying create service", applied.Output, StringComparison.Ordinal);
        var mine = await SpecsAsync(docker, ours);

        Assert.Equal(cli.Keys.Order(), mine.Keys.Order());
        foreach (var (name, (spec, networks)) in cli)
        {
            // docker stack deploy sets the image's platforms as placement; reconciler must set the same.
            Assert.NotEmpty(Platforms(spec));
            Assert.Equal(Platforms(spec), Platforms(mine[name].Spec));
            var expected = Comparable(spec, networks, theirs, ours);
            var actual = Comparable(mine[name].Spec, mine[name].Networks, ours, ours);
            var differences = ResourceDiff.Fields(expected, actual);
            Assert.True(differences.Count == 0, $"{file}/{name} differs from docker stack deploy:\n" + string.Join("\n", differences.Select(d => $"  {d.Path}: cli {d.Before?.ToJsonString()} / reconciler {d.After?.ToJsonString()}")));
        }

        // Configs and secrets: the same names (but for the content hash), labels, templating and (configs) data.
        Assert.Equal(cliObjects, await ObjectsAsync(docker, ours, ours));

        // Idempotence: right after the apply, nothing of this stack is planned again.
        var plan = repo.Plan();
        Assert.DoesNotMatch($@"(?m)^  [+~-] \S+ {ours}", plan.Output);
    }

    /// <summary>The labels the real-world stacks' placement constraints ask for, set by hand as their guides say.</summary>
    private static async Task EnsurePlacementLabelsAsync(Docker.DotNet.IDockerClient docker)
    {
        var node = (await docker.Swarm.ListNodesAsync()).Single(n => n.Description!.Hostname == LabNode.Hostname);
        var labels = node.Spec!.Labels ??= new Dictionary<string, string>();
        if (PlacementLabels.All(l => labels.TryGetValue(l, out var v) && v == "true"))
        {
            return;
        }

        foreach (var label in PlacementLabels)
        {
            labels[label] = "true";
        }

        await docker.Swarm.UpdateNodeAsync(node.ID, node.Version!.Index!.Value, node.Spec);
    }

    /// <summary>A network the corpus declares external: made once, by hand as it were, outside any stack.</summary>
    private static async Task EnsureExternalNetworkAsync(Docker.DotNet.IDockerClient docker, string name)
    {
        if ((await docker.Networks.ListNetworksAsync(new NetworksListParameters())).All(n => n.Name != name))
        {
            try
            {
                await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = name, Driver = "overlay", Attachable = true });
            }
            catch (Docker.DotNet.DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // another corpus test made it first
            }
        }
    }

    /// <summary>A stack's service specs by short name, with the names of the networks they refer to.</summary>
    private static async Task<Dictionary<string, (ServiceSpec Spec, Dictionary<string, string> Networks)>> SpecsAsync(Docker.DotNet.IDockerClient docker, string stack)
    {
        var networks = (await docker.Networks.ListNetworksAsync(new NetworksListParameters())).ToDictionary(n => n.ID!, n => n.Name!);
        return (await docker.Swarm.ListServicesAsync(new ServiceListParameters()))
            .Where(s => s.Spec!.Labels!.TryGetValue(StackNames.NamespaceLabel, out var n) && n == stack)
            .ToDictionary(s => s.Spec!.Name![(stack.Length + 1)..], s => (s.Spec!, networks));
    }

    /// <summary>A stack's configs and secrets as comparable text, stack renamed and content hash removed; reconciler's own labels left out.</summary>
    private static async Task<List<string>> ObjectsAsync(Docker.DotNet.IDockerClient docker, string stack, string renameTo)
    {
        var configs = (await docker.Configs.ListConfigsAsync()).Select(c => c.Spec!)
            .Select(c => (c.Name, c.Labels, c.Templating, Data: Convert.ToBase64String(c.Data?.ToArray() ?? [])));
        var secrets = (await docker.Secrets.ListAsync()).Select(s => s.Spec!)
            .Select(s => (s.Name, s.Labels, s.Templating, Data: "(secret)"));
        return configs.Select(c => ("config", c)).Concat(secrets.Select(s => ("secret", s)))
            .Where(o => o.Item2.Labels is { } labels && labels.TryGetValue(StackNames.NamespaceLabel, out var n) && n == stack)
            .Select(o =>
            {
                var (kind, (name, labels, templating, data)) = o;
                var shown = string.Join(",", labels!.Where(l => !l.Key.StartsWith(StackNames.ReconcilerPrefix, StringComparison.Ordinal) && l.Key != StackNames.NamespaceLabel).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
                var comparable = ContentHash().Replace(name + "\"", "\"").TrimEnd('"').Replace(stack + "_", renameTo + "_", StringComparison.Ordinal);
                return $"{kind} {comparable} labels[{shown}] templating[{templating?.Name}] data[{data}]";
            })
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static List<string> Platforms(ServiceSpec spec) =>
        (spec.TaskTemplate!.Placement?.Platforms ?? []).Select(p => $"{p.OS}/{p.Architecture}").ToList();

    /// <summary>A spec with the stack renamed and the content hashes removed, normalised as plan compares.</summary>
    private static JsonObject Comparable(ServiceSpec spec, Dictionary<string, string> networks, string stack, string renameTo)
    {
        var tree = ServiceSpecNormalizer.Normalize(SpecJson.ToTree(spec), networks);
        var text = tree.ToJsonString().Replace($"\"{stack}_", $"\"{renameTo}_", StringComparison.Ordinal).Replace($"\"{stack}\"", $"\"{renameTo}\"", StringComparison.Ordinal);
        return (JsonObject)JsonNode.Parse(ContentHash().Replace(text, "\""))!;
    }

    private static async Task StackDeployAsync(string stack, string compose, IReadOnlyDictionary<string, string> variables)
    {
        var start = new ProcessStartInfo("docker", ["stack", "deploy", "--resolve-image", "always", "-c", compose, stack])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(compose)!,
        };
        // The CLI takes pass-through environment names from its own environment, reconciler from the
        // Stack's variables: so the CLI runs with those variables and nothing else a name could match.
        var inherited = new[] { "PATH", "HOME" }.Where(n => start.Environment.ContainsKey(n)).ToDictionary(n => n, n => start.Environment[n]);
        start.Environment.Clear();
        foreach (var (name, value) in inherited)
        {
            start.Environment[name] = value;
        }

        start.Environment["DOCKER_HOST"] = Lab.DockerHost;
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"docker stack deploy failed:\n{output}{error}");
    }

    [GeneratedRegex("-[0-9a-f]{10}\"")]
    private static partial Regex ContentHash();
}
