namespace Reconciler.Core.Tests;

/// <summary>
/// Golden files under tests/Reconciler.Core.Tests/golden/. UPDATE_GOLDEN=1 rewrites them from
/// the actual output; review the diff before committing.
/// </summary>
internal static class Golden
{
    public static void Matches(string name, string actual)
    {
        var file = Path.Combine(Folder(), name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(file, actual);
        }

        Assert.True(File.Exists(file), $"{file} is missing; run with UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(file), actual);
    }

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Reconciler.Core.Tests", "golden");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/Reconciler.Core.Tests/golden");
    }
}
