using Reconciler.Core.Loading;
using Reconciler.Core.Validation;

namespace Reconciler.Swarm.Tests;

/// <summary>The repository's own sample-repo and test files, found from the test binaries.</summary>
internal static class SampleRepo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static (ValidationReport Report, IRepositoryFiles Files) Load(string directory)
    {
        var files = new DirectoryRepositoryFiles(directory);
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
