namespace Reconciler.Swarm.Tests;

/// <summary>Golden files under tests/Reconciler.Swarm.Tests/golden/; UPDATE_GOLDEN=1 rewrites them for review.</summary>
internal static class Golden
{
    public static void Matches(string name, string actual)
    {
        var file = SampleRepo.PathOf("tests", "Reconciler.Swarm.Tests", "golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(file, actual);
        }

        Assert.True(File.Exists(file), $"{file} is missing; run with UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(file), actual);
    }
}
