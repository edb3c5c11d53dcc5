using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;
using Reconciler.Core.Validation;

namespace Reconciler.Core.Tests;

/// <summary>The host's network, namespaces, confinement and kernel settings are refused unless the Cluster policy allows them.</summary>
public sealed class HostAccessRuleTests
{
    [Theory]
    [InlineData("network_mode: host", "RC408", "allowHostNetwork")]
    [InlineData("pid: host", "RC409", "allowHostNamespaces")]
    [InlineData("ipc: host", "RC409", "allowHostNamespaces")]
    [InlineData("uts: host", "RC409", "allowHostNamespaces")]
    [InlineData("userns_mode: host", "RC409", "allowHostNamespaces")]
    [InlineData("cgroup: host", "RC409", "allowHostNamespaces")]
    [InlineData("security_opt: [seccomp=unconfined]", "RC410", "allowUnconfined")]
    [InlineData("security_opt: \"apparmor:unconfined\"", "RC410", "allowUnconfined")]
    [InlineData("security_opt: [label=disable]", "RC410", "allowUnconfined")]
    [InlineData("security_opt: [systempaths=unconfined]", "RC410", "allowUnconfined")]
    [InlineData("sysctls: {kernel.panic: 1}", "RC411", "allowHostSysctls")]
    [InlineData("sysctls: [vm.swappiness=1]", "RC411", "allowHostSysctls")]
    [InlineData("sysctls: {fs.file-max: 100000}", "RC411", "allowHostSysctls")]
    public void Host_access_needs_its_policy(string field, string code, string allow)
    {
        var repo = WithField(field);

        Assert.Contains(repo.Validate().Diagnostics, d => d.Code == code);
        repo.Replace("cluster.yaml", "bindRoots: [/srv]", $"bindRoots: [/srv]\n    {allow}: true");
        Assert.DoesNotContain(repo.Validate().Diagnostics, d => d.Code == code);
    }

    [Theory]
    [InlineData("sysctls: {net.core.somaxconn: 1024}")]
    [InlineData("sysctls: [kernel.shmmax=1, kernel.msgmax=1, fs.mqueue.msg_max=20]")]
    [InlineData("security_opt: [no-new-privileges:true]")]
    [InlineData("pid: \"service:db\"")]
    public void Namespaced_settings_are_fine(string field)
    {
        Assert.DoesNotContain(WithField(field).Validate().Diagnostics, d => d.Severity == Severity.Error);
    }

    [Fact]
    public void An_external_network_named_host_is_the_host_network()
    {
        var repo = WithField("networks: [outside]", "\nnetworks:\n  outside:\n    external: true\n    name: host\n");

        repo.Validate().Single(Rules.HostNetwork, repo.Locate("app/compose.yaml", "outside]"));
    }

    [Fact]
    public void On_the_host_network_net_sysctls_are_the_hosts()
    {
        var repo = WithField("network_mode: host\n    sysctls: {net.ipv4.ip_forward: 1}")
            .Replace("cluster.yaml", "bindRoots: [/srv]", "bindRoots: [/srv]\n    allowHostNetwork: true");

        Assert.Contains(repo.Validate().Diagnostics, d => d.Code == Rules.HostSysctl.Code && d.Message.Contains("net.ipv4.ip_forward", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_the_compose_file_names_is_an_error_unless_optional()
    {
        var repo = WithField("env_file: [web.env, {path: local.env, required: false}]\n    configs: [site]", "\nconfigs:\n  site: {file: ./site.conf}\n");

        var errors = repo.Validate().Diagnostics.Where(d => d.Code == Rules.ComposeFileMissing.Code).ToList();
        Assert.Equal([repo.Locate("app/compose.yaml", "web.env"), repo.Locate("app/compose.yaml", "./site.conf")], errors.Select(d => d.Location));
        repo.With("app/web.env", "A=1\n").With("app/site.conf", "x");
        Assert.DoesNotContain(repo.Validate().Diagnostics, d => d.Code == Rules.ComposeFileMissing.Code);
    }

    [Fact]
    public void An_unreadable_file_the_compose_file_names_is_an_error_not_an_exception()
    {
        var repo = WithField("env_file: web.env");
        var files = new UnreadableFile(new InMemoryRepositoryFiles(repo.Files), "app/web.env");

        var d = Assert.Single(Validator.Validate(files).Diagnostics);
        Assert.Equal((Rules.ComposeFileMissing.Code, repo.Locate("app/compose.yaml", "web.env")), (d.Code, d.Location));
        Assert.Contains("cannot be read: permission denied", d.Message, StringComparison.Ordinal);
    }

    private static TestRepository WithField(string field, string topLevel = "") =>
        new TestRepository().With("app/compose.yaml",
            TestRepository.Compose.Replace("    image: nginx:1.27", $"    image: nginx:1.27\n    {field}", StringComparison.Ordinal) + topLevel);

    /// <summary>A repository where one file exists but cannot be read, as on a disk with the wrong permissions.</summary>
    private sealed class UnreadableFile(IRepositoryFiles inner, string path) : IRepositoryFiles
    {
        public IEnumerable<string> List() => inner.List().Append(path);

        public string? Read(string file) => file == path ? throw new UnauthorizedAccessException("permission denied") : inner.Read(file);

        public IReadOnlyList<RefusedFile> Refused => inner.Refused;
    }
}
