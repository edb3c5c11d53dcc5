namespace Reconciler.Git;

/// <summary>
/// An http(s) remote URL split into the address git is given (and that status, logs and the mirror's
/// config may show) and the credentials written into it, which only ever travel through
/// libgit2's credential callback. Parsed by hand rather than with <see cref="Uri"/>: the
/// userinfo ends at the authority's last '@' (a password may hold one), may have no colon (a
/// bare token), and is percent-decoded for use.
/// </summary>
public sealed record RemoteUrl(string Address, string? User, string? Password)
{
    public bool HasCredentials => User is not null;

    public static RemoteUrl Parse(string url)
    {
        // ssh:// keeps its user: it is the login name, not a secret, and ssh needs it.
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0 || !(url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
        {
            return new(url, null, null);
        }

        var start = scheme + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? url[start..] : url[start..end];
        var at = authority.LastIndexOf('@');
        if (at < 0)
        {
            return new(url, null, null);
        }

        var userInfo = authority[..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var address = url[..start] + authority[(at + 1)..] + (end < 0 ? string.Empty : url[end..]);
        return colon < 0
            ? new(address, Uri.UnescapeDataString(userInfo), null)
            : new(address, Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..]));
    }
}
