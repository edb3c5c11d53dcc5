using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Reconciler.Core.Loading;

internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    Link,
    Other,
}

/// <summary>
/// The few Linux calls .NET does not offer: the type of a file (a FIFO, a device and a
/// regular file look alike to FileInfo), and an open that cannot block on a FIFO. statx has
/// the same layout and flag values on every Linux architecture, as do O_NONBLOCK and O_CLOEXEC
/// on the ones .NET runs on.
/// </summary>
internal static partial class UnixFile
{
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxTypeAndSize = 0x1 | 0x200;
    private const int OpenReadOnlyNonBlocking = 0x800 | 0x80000;

    public static (FileKind Kind, long Size) Stat(string path, bool followLinks) =>
        statx(AtCurrentDirectory, path, followLinks ? 0 : AtSymlinkNoFollow, StatxTypeAndSize, out var status) == 0
            ? status.Describe()
            : (FileKind.Missing, 0);

    public static (FileKind Kind, long Size) Stat(SafeFileHandle handle) =>
        statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxTypeAndSize, out var status) == 0
            ? status.Describe()
            : (FileKind.Missing, 0);

    /// <summary>Opens for reading without blocking (a FIFO swapped in after a check opens at once); null when it cannot be opened.</summary>
    public static SafeFileHandle? Open(string path)
    {
        var descriptor = open(path, OpenReadOnlyNonBlocking);
        return descriptor < 0 ? null : new SafeFileHandle(descriptor, ownsHandle: true);
    }

    /// <summary>The path the kernel resolved for an open file: every link followed, wherever they led.</summary>
    public static string? PathOf(SafeFileHandle handle) =>
        new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatxBuffer buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(40)]
        public ulong Size;

        public readonly (FileKind, long) Describe() => ((Mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.Link,
            _ => FileKind.Other,
        }, (long)Size);
    }
}
