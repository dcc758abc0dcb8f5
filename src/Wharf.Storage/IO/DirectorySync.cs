using System.Runtime.InteropServices;

namespace Wharf.Storage.IO;

/// <summary>
/// fsync of a directory. On POSIX file systems a file's creation, rename or deletion is durable only once its
/// directory has been synced (fsync(2), "Calling fsync() does not necessarily ensure that the entry in the
/// directory containing the file has also reached disk"). .NET cannot open a directory handle, so this calls libc.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    public static void Sync(string directory)
    {
        // Windows (NTFS) journals metadata and has no portable directory fsync; nothing to do there.
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return;
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
