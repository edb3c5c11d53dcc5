using System.CommandLine;
using Reconciler.Core.Model;
using Reconciler.Storage.Nodes;

namespace Reconciler.Cli.Commands;

/// <summary>The options that say how to reach the cluster's nodes over ssh, read into the storage nodes.</summary>
internal sealed class NodeAccess
{
    private readonly Option<FileInfo?> sshKey = CommonOptions.SshKey();
    private readonly Option<FileInfo?> knownHosts = CommonOptions.KnownHosts();

    public void AddTo(Command command)
    {
        command.Options.Add(sshKey);
        command.Options.Add(knownHosts);
    }

    public StorageNodes Nodes(ParseResult result, ClusterManifest? cluster) =>
        StorageNodes.For(cluster, new SshOptions(result.GetValue(sshKey)?.FullName, result.GetValue(knownHosts)?.FullName)
        {
            ControlDirectory = SshOptions.DefaultControlDirectory,
        });
}
