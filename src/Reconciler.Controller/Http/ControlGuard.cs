using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Reconciler.Storage.Nodes;

namespace Reconciler.Controller.Http;

/// <summary>
/// Who may suspend, resume or sync the controller: the operator on this machine, as root. A
/// loopback caller address alone proved nothing (a browser page can POST cross-site, and a local
/// reverse proxy forwards everything), so a request must also name a loopback Host (no DNS
/// rebinding), carry no browser Origin or Sec-Fetch-Site, and present the token from
/// <c>control-token</c> in the 0700 state directory, which only root can read.
/// </summary>
public static class ControlGuard
{
    public const string TokenFile = "control-token";

    /// <summary>A fresh token for this run, written 0600 (atomically) where the CLI finds it.</summary>
    public static string CreateToken(string stateDirectory)
    {
        PrivateDirectory.Ensure(stateDirectory, allowLink: true);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var path = Path.Combine(stateDirectory, TokenFile);
        var temporary = path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateDirectory.FileMode;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(token));
        }

        File.Move(temporary, path, overwrite: true);
        return token;
    }

    /// <summary>The running controller's token, for `reconciler suspend|resume|sync`; null when it cannot be read.</summary>
    public static string? ReadToken(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, TokenFile);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>Why the request is refused (status and message), or null when it may act.</summary>
    public static (int Status, string Message)? Refusal(IPAddress? remote, IHeaderDictionary headers, string token)
    {
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            return (StatusCodes.Status403Forbidden, "control is only for this machine");
        }

        if (!IsLoopbackHost(headers.Host.ToString()))
        {
            return (StatusCodes.Status403Forbidden, "control answers only to a loopback Host (localhost, 127.0.0.1, [::1])");
        }

        if (headers.ContainsKey("Origin") || headers.ContainsKey("Sec-Fetch-Site"))
        {
            return (StatusCodes.Status403Forbidden, "control is not for browsers");
        }

        var given = headers.Authorization.ToString();
        return given.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given["Bearer ".Length..]), Encoding.ASCII.GetBytes(token))
            ? null
            : (StatusCodes.Status401Unauthorized, $"control needs the token in the state directory's {TokenFile} (use `reconciler suspend|resume|sync` as root)");
    }

    private static bool IsLoopbackHost(string host)
    {
        var name = host.StartsWith('[') ? host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)] : host.Split(':')[0];
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
