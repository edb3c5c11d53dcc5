namespace Reconciler.Tests.Shared;

/// <summary>
/// The test-only age identity that decrypts sample-repo's secret (scripts/demo-only.agekey),
/// copied to a private file: a key file must be mode 0600, and git checks it out 0644.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class DemoAgeKey : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("reconciler-age-");

    public DemoAgeKey()
    {
        File = System.IO.Path.Combine(directory.FullName, "demo-only.agekey");
        System.IO.File.Copy(System.IO.Path.Combine(RepositoryRootOf(AppContext.BaseDirectory), "scripts", "demo-only.agekey"), File);
        System.IO.File.SetUnixFileMode(File, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>The private copy of the key (0600).</summary>
    public string File { get; }

    public void Dispose() => directory.Delete(recursive: true);

    private static string RepositoryRootOf(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Reconciler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Reconciler.sln not found above " + start);
    }
}
