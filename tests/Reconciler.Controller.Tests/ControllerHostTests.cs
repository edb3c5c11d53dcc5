using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Http;

namespace Reconciler.Controller.Tests;

/// <summary>The controller host watches no files: its content root is its own directory and nothing reloads.</summary>
public sealed class ControllerHostTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("reconciler-host-").FullName;

    [Fact]
    public async Task The_content_root_is_the_install_directory_and_no_configuration_file_reloads_on_change()
    {
        var path = Path.Combine(directory, "config.yaml");
        File.WriteAllText(path, $"repository: {{url: file:///srv/git/cluster.git}}\nstateDir: {directory}/state\nlisten: http://127.0.0.1:0\n");

        await using var app = ControllerHost.Build(ConfigFile.Load(path));

        Assert.Equal(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), Path.TrimEndingDirectorySeparator(app.Environment.ContentRootPath));
        var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} reloads on change"));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
