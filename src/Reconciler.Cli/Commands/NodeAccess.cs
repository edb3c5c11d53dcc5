using System.CommandLine;
using Reconciler.Controller.State;
using Reconciler.Core.Model;
using Reconciler.Storage.Nodes;

namespace Reconciler.Cli.Commands;

/// <summary>
/// The options of every verb that touches the nodes and the state: how to reach nodes over ssh,
/// and the state directory (history, managed paths, and the private ssh control sockets).
/// </summary>
internal sealed class NodeAccess
{
    private readonly Option<FileInfo?> sshKey = CommonOptions.SshKey();
    private readonly Option<FileInfo?> knownHosts = CommonOptions.KnownHosts();
    private readonly Option<DirectoryInfo> stateDir = CommonOptions.StateDir();

    public void AddTo(Command command)
    {
        command.Options.Add(sshKey);
        command.Options.Add(knownHosts);
        command.Options.Add(stateDir);
    }

    public string StateDirectory(ParseResult result) => result.GetValue(stateDir)!.FullName;

    public StateStore Store(ParseResult result) => new(StateDirectory(result));

    public StorageNodes Nodes(ParseResult result, ClusterManifest? cluster) => StorageNodes.For(cluster, Ssh(result));

    /// <summary>One node by its address ("local" or an ssh destination), for commands that have no repository at hand.</summary>
    public StorageNode Node(ParseResult result, string name, string address) =>
        new(name, address == "local" ? new LocalShell() : new SshShell(address, Ssh(result)));

    private SshOptions Ssh(ParseResult result) => new(result.GetValue(sshKey)?.FullName, result.GetValue(knownHosts)?.FullName)
    {
        ControlDirectory = SshOptions.ControlDirectoryIn(StateDirectory(result)),
    };
}
