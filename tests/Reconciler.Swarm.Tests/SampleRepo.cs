using Reconciler.Core.Loading;
using Reconciler.Core.Secrets;
using Reconciler.Core.Validation;
using Reconciler.Secrets;

namespace Reconciler.Swarm.Tests;

/// <summary>The repository's own sample-repo and test files, found from the test binaries.</summary>
internal static class SampleRepo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The test-only key (scripts/demo-only.agekey) that decrypts sample-repo's secret.</summary>
    public static AgeKeys DemoKeys { get; } = AgeKeys.Parse(File.ReadAllText(PathOf("scripts", "demo-only.agekey")));

    /// <summary>A repository read as a deploy reads it: SOPS files decrypted with the demo key.</summary>
    public static (ValidationReport Report, IRepositoryFiles Files) Load(string directory)
    {
        var files = new SecretRepositoryFiles(new DirectoryRepositoryFiles(directory), DemoKeys, SecretAccess.Plaintext);
        return (Validator.Validate(files), files);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reconciler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Reconciler.sln not found above " + AppContext.BaseDirectory);
    }
}
