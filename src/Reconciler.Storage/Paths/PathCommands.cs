using System.Globalization;

namespace Reconciler.Storage.Paths;

/// <summary>
/// The commands that make a directory match its declaration, as argument vectors: one fixed
/// bash script (bash and coreutils are on every node; python is not) that never follows a
/// symlink anywhere in the path.
/// </summary>
/// <remarks>
/// chown -h protects only the last component, and chmod has no no-follow mode at all: a
/// container that can write a parent of a nested Path could point it at /etc/cron.d, and root
/// would make that world-writable on every heal. So the script walks from / one component at
/// a time: each must be a real directory (a symlink is refused), it enters it with <c>cd -P</c>
/// and checks that <c>pwd -P</c> is exactly the path walked so far, which also catches a
/// component swapped for a link between the check and the cd. Once inside the target it acts
/// on "." (mkdir acts on a name in a directory it already holds), so no name can be redirected
/// under it. Missing parents are created root-owned 0755 on the way.
/// </remarks>
public static class PathCommands
{
    private const string Script = """
        set -eu
        path=$1 action=$2 mode=$3 ids=$4 recursive=$5
        refuse() { printf '%s\n' "$*" >&2; exit 3; }
        case $path in /?*) ;; *) refuse "$path is not an absolute path" ;; esac
        set -f; IFS=/; parts=(${path#/}); unset IFS; set +f
        cd -P /
        here=
        for ((i = 0; i < ${#parts[@]}; i++)); do
          c=${parts[i]}
          case $c in '' | . | ..) refuse "$path: '$c' is not a directory name" ;; esac
          if [ ! -e "$c" ] && [ ! -L "$c" ]; then
            [ "$action" = create ] || refuse "$here/$c does not exist"
            if ((i == ${#parts[@]} - 1)); then mkdir -m "$mode" -- "$c"; else mkdir -m 0755 -- "$c"; fi
          fi
          [ ! -L "$c" ] || refuse "$here/$c is a symlink; reconciler never follows one (make it a directory, or change the path)"
          [ -d "$c" ] || refuse "$here/$c is not a directory"
          cd -P -- "$c"
          here=$here/$c
          [ "$(pwd -P)" = "$here" ] || refuse "$here was replaced while it was walked (it leads to $(pwd -P)); nothing was changed"
        done
        case $action in
          create | chown)
            if [ "$recursive" = yes ]; then chown -R -P -h -- "$ids" .; else chown -h -- "$ids" .; fi ;;
          chmod) chmod -- "$mode" . ;;
          *) refuse "unknown action $action" ;;
        esac
        """;

    /// <summary>Creates the directory (and missing parents, root-owned 0755) with its mode, then its owner and group.</summary>
    public static IReadOnlyList<string> Create(string path, string mode, long owner, long group, bool recursive) =>
        Run(path, "create", mode, Ids(owner, group), recursive);

    /// <summary>-R -P (only when declared recursive) never traverses a symlink below the directory.</summary>
    public static IReadOnlyList<string> Chown(string path, long owner, long group, bool recursive) =>
        Run(path, "chown", "-", Ids(owner, group), recursive);

    public static IReadOnlyList<string> Chmod(string path, string mode) => Run(path, "chmod", mode, "-", recursive: false);

    private static IReadOnlyList<string> Run(string path, string action, string mode, string ids, bool recursive) =>
        ["bash", "-c", Script, "reconciler-path", path, action, mode, ids, recursive ? "yes" : "no"];

    private static string Ids(long owner, long group) =>
        string.Create(CultureInfo.InvariantCulture, $"{owner}:{group}");
}
