namespace Reconciler.Core.Model;

/// <summary>Repository-relative paths: forward slashes, no leading slash, '..' resolved.</summary>
public static class RepositoryPaths
{
    /// <summary>Joins a directory and a relative path. One that climbs out of the repository comes back as written, so looking it up fails.</summary>
    public static string Combine(string directory, string relative)
    {
        var parts = new List<string>();
        foreach (var part in (directory + "/" + relative).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else
                {
                    return relative;
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }
}
