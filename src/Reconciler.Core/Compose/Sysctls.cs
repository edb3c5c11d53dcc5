namespace Reconciler.Core.Compose;

/// <summary>
/// Which kernel settings a container may change without changing the host. The kernel
/// namespaces a few: net.* belongs to the container's network namespace, and the System V IPC
/// and POSIX message queue limits below to its IPC namespace (the set docker run --sysctl
/// accepts). Everything else (kernel.*, vm.*, fs.*, ...) is one value for the whole host.
/// On the host's own network, net.* is the host's too.
/// </summary>
public static class Sysctls
{
    private static readonly HashSet<string> IpcNamespaced = new(StringComparer.Ordinal)
    {
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
        "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
    };

    public static bool TouchesHost(string name, bool hostNetwork)
    {
        var key = name.Trim().Replace('/', '.');
        if (key.StartsWith("net.", StringComparison.Ordinal))
        {
            return hostNetwork;
        }

        return !IpcNamespaced.Contains(key) && !key.StartsWith("fs.mqueue.", StringComparison.Ordinal);
    }
}
