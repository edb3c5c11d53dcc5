using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using Reconciler.Core.Diff;
using Reconciler.Swarm.Conversion;
using Reconciler.Swarm.Resources;

namespace Reconciler.Lab.Tests;

/// <summary>
/// Parity with docker stack deploy: each compose file of the corpus (parity/*.yaml) is deployed
/// once by the docker CLI and once by reconciler, and the service specs the engine stored are
/// compared field by field. The only differences allowed are the stack name and the content
/// hash reconciler adds to config and secret names.
/// </summary>
public sealed partial class ParityTests
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "parity");

    public static TheoryData<string> CorpusFiles() =>
        new(Directory.GetFiles(Corpus, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!);

    [LabTheory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Reconciler_deploys_the_same_service_specs_as_docker_stack_deploy(string file)
    {
        await using var repo = new TestStack(policy: "{bindRoots: [/srv], allowPrivileged: true}");
        var theirs = repo.Name("cli");
        var ours = repo.Name("rec");
        repo.Write("paths.yaml", "apiVersion: reconciler/v1\nkind: Path\nmetadata: {name: parity}\nspec: {path: /srv/parity, owner: 0, group: 0, mode: \"0755\"}\n");
        foreach (var source in Directory.GetFiles(Corpus).Where(f => Path.GetFileNameWithoutExtension(f) == file || !f.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            repo.Write($"stacks/{ours}/{(source.EndsWith(".yaml", StringComparison.Ordinal) ? "compose.yaml" : Path.GetFileName(source))}", File.ReadAllText(source));
        }

        repo.Write($"stacks/{ours}/stack.yaml",
            $"apiVersion: reconciler/v1\nkind: Stack\nmetadata: {{name: {ours}}}\nspec:\n  compose: compose.yaml\n  convergenceTimeout: 5s\n  variables: {{IMAGE: \"{Lab.Image}\"}}\n");

        // One after the other: both stacks publish the same ports and subnets.
        using var docker = Lab.Connect();
        await EnsureExternalNetworkAsync(docker);
        await StackDeployAsync(theirs, Path.Combine(repo.Root, "stacks", ours, "compose.yaml"));
        var cli = await SpecsAsync(docker, theirs);
        await LabCleanup.RemoveStacksAsync(docker, [theirs]);
        var applied = repo.Apply();
        Assert.Contains("applying create service", applied.Output, StringComparison.Ordinal);
        var mine = await SpecsAsync(docker, ours);

        Assert.Equal(cli.Keys.Order(), mine.Keys.Order());
        foreach (var (name, (spec, networks)) in cli)
        {
            var expected = Comparable(spec, networks, theirs, ours);
            var actual = Comparable(mine[name].Spec, mine[name].Networks, ours, ours);
            var differences = ResourceDiff.Fields(expected, actual);
            Assert.True(differences.Count == 0, $"{file}/{name} differs from docker stack deploy:\n" + string.Join("\n", differences.Select(d => $"  {d.Path}: cli {d.Before?.ToJsonString()} / reconciler {d.After?.ToJsonString()}")));
        }

        // Idempotence: right after the apply, nothing of this stack is planned again.
        var plan = repo.Plan();
        Assert.DoesNotMatch($@"(?m)^  [+~-] \S+ {ours}", plan.Output);
    }

    /// <summary>The network the corpus declares external: made once, by hand as it were, outside any stack.</summary>
    private static async Task EnsureExternalNetworkAsync(Docker.DotNet.IDockerClient docker)
    {
        const string Name = "rlab-parity-external";
        if ((await docker.Networks.ListNetworksAsync(new NetworksListParameters())).All(n => n.Name != Name))
        {
            try
            {
                await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = Name, Driver = "overlay", Attachable = true });
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

    /// <summary>A spec with the stack renamed and the content hashes removed, normalised as plan compares.</summary>
    private static JsonObject Comparable(ServiceSpec spec, Dictionary<string, string> networks, string stack, string renameTo)
    {
        var tree = ServiceSpecNormalizer.Normalize(SpecJson.ToTree(spec), networks);
        (tree["Labels"] as JsonObject)?.Remove(StackNames.ImageLabel); // only newer docker CLIs record it
        var text = tree.ToJsonString().Replace($"\"{stack}_", $"\"{renameTo}_", StringComparison.Ordinal).Replace($"\"{stack}\"", $"\"{renameTo}\"", StringComparison.Ordinal);
        return (JsonObject)JsonNode.Parse(ContentHash().Replace(text, "\""))!;
    }

    private static async Task StackDeployAsync(string stack, string compose)
    {
        var start = new ProcessStartInfo("docker", ["stack", "deploy", "--resolve-image", "always", "-c", compose, stack])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(compose)!,
        };
        start.Environment["DOCKER_HOST"] = Lab.DockerHost;
        start.Environment["IMAGE"] = Lab.Image;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"docker stack deploy failed:\n{output}{error}");
    }

    [GeneratedRegex("-[0-9a-f]{10}\"")]
    private static partial Regex ContentHash();
}
