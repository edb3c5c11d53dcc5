using System.Diagnostics;
using CsCheck;
using Reconciler.Core.Loading;
using Reconciler.Core.Validation;

namespace Reconciler.Core.Tests;

/// <summary>
/// Whole repositories, not single strings: manifests, compose files and the inputs that once
/// exhausted the stack, memory or time, at random places and depths, in memory and on disk
/// with links and FIFOs. Loading and validating always ends with diagnostics that name a file.
/// </summary>
public sealed class RepositoryFuzzTests
{
    private static readonly string[] Seeds =
    [
        DosSeeds.NestedFlowSequences(30_000),
        DosSeeds.NestedFlowMappings(30_000),
        DosSeeds.NestedBlockMappings(200),
        DosSeeds.AliasDocuments(400),
        DosSeeds.UnclosedInterpolation(400_000),
        DosSeeds.ManifestWithAnnotation(DosSeeds.NestedFlowSequences(70)[3..].Trim()),
        DosSeeds.Repeat("# padding\n", (int)(RepositoryBudgets.MaxFileBytes / 10) + 1),
    ];

    private static readonly string[] Directories = ["", "app/", "stacks/app/", "a/b/c/"];

    private static readonly string[] Names = ["compose.yaml", "stack.yaml", "cluster.yaml", "x.yml", "secret.txt"];

    /// <summary>One file: a manifest or compose file of the valid baseline, a seed, or a few random YAML characters.</summary>
    private static readonly Gen<string> Content = Gen.OneOf(
        Gen.OneOf([.. new TestRepository().Files.Values]),
        Gen.OneOf(Seeds),
        Gen.String[Gen.Char["abc:-[]{}&*!|>'\"#%@`?,\n \t0123456789.~/<$"], 0, 60]);

    private static readonly Gen<(string Path, string Text)[]> Repository =
        Gen.Select(Gen.OneOf(Directories), Gen.OneOf(Names), Content, (directory, name, text) => (directory + name, text)).Array[1, 8];

    [Fact]
    public void Repositories_in_memory_load_to_diagnostics()
    {
        Repository.Sample(extra =>
        {
            var files = new Dictionary<string, string>(new TestRepository().Files, StringComparer.Ordinal);
            foreach (var (path, text) in extra)
            {
                files[path] = text;
            }

            AssertLocated(Validator.Validate(new InMemoryRepositoryFiles(files)), files.Keys);
        }, iter: 100);
    }

    [Fact]
    public void Checkouts_with_links_devices_and_fifos_load_to_diagnostics()
    {
        string[] hazards = ["/", "/dev/zero", "..", "../outside.yaml", "missing.yaml", "fifo"];
        var hazard = Gen.Select(Gen.OneOf(Directories), Gen.OneOf(Names), Gen.OneOf(hazards), (directory, name, target) => (directory + name, target));

        Gen.Select(Repository, hazard.Array[1, 3]).Sample((extra, links) =>
        {
            var scratch = Directory.CreateTempSubdirectory("reconciler-fuzz-").FullName;
            try
            {
                var root = Path.Combine(scratch, "repo");
                File.WriteAllText(Path.Combine(scratch, "outside.yaml"), "services: {web: {image: secret}}\n");
                foreach (var (path, text) in new TestRepository().Files.Select(f => (f.Key, f.Value)).Concat(extra))
                {
                    Place(root, path).WriteAllText(text);
                }

                foreach (var (path, target) in links)
                {
                    var at = Place(root, path);
                    if (target == "fifo")
                    {
                        using var mkfifo = Process.Start("mkfifo", at.FullName);
                        mkfifo.WaitForExit();
                    }
                    else
                    {
                        File.CreateSymbolicLink(at.FullName, target);
                    }
                }

                var files = new DirectoryRepositoryFiles(root);
                var report = Validator.Validate(files);
                AssertLocated(report, files.List().Concat(files.Refused.Select(r => r.Path)));
                Assert.DoesNotContain(report.Diagnostics, d => d.Message.Contains("secret", StringComparison.Ordinal));
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
        }, iter: 20, threads: 1);
    }

    private static void AssertLocated(ValidationReport report, IEnumerable<string> files)
    {
        var known = files.Append(".").ToHashSet(StringComparer.Ordinal);
        Assert.All(report.Diagnostics, d => Assert.Contains(d.Location.File, known));
    }

    /// <summary>A fresh place for a file: whatever was there (a file or a link) is removed.</summary>
    private static PlacedFile Place(string root, string path)
    {
        var full = new FileInfo(Path.Combine(root, path));
        Directory.CreateDirectory(full.DirectoryName!);
        if (full.Exists || full.LinkTarget is not null)
        {
            full.Delete();
        }

        return new PlacedFile(full.FullName);
    }

    private sealed record PlacedFile(string FullName)
    {
        public void WriteAllText(string text) => File.WriteAllText(FullName, text);
    }
}
