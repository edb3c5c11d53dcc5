using System.Net;
using Microsoft.AspNetCore.Http;
using Reconciler.Controller.Http;

namespace Reconciler.Controller.Tests;

/// <summary>/control/* acts only for root on this machine: loopback caller and Host, no browser, the token from the state directory.</summary>
public sealed class ControlGuardTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "reconciler-control-" + Guid.NewGuid().ToString("N")[..8]);

    private static IHeaderDictionary Headers(string? token, string host = "127.0.0.1:9090", params (string Name, string Value)[] extra)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        headers.Host = host;
        if (token is not null)
        {
            headers.Authorization = $"Bearer {token}";
        }

        foreach (var (name, value) in extra)
        {
            headers[name] = value;
        }

        return headers;
    }

    [Fact]
    public void The_cli_with_the_token_may_act()
    {
        var token = ControlGuard.CreateToken(directory);

        Assert.Equal(token, ControlGuard.ReadToken(directory));
        Assert.Null(ControlGuard.Refusal(IPAddress.Loopback, Headers(token), token));
        Assert.Null(ControlGuard.Refusal(IPAddress.IPv6Loopback, Headers(token, "[::1]:9090"), token));
        Assert.Null(ControlGuard.Refusal(IPAddress.Loopback, Headers(token, "localhost:9090"), token));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_token_is_readable_by_its_owner_only()
    {
        ControlGuard.CreateToken(directory);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, ControlGuard.TokenFile)));
    }

    [Fact]
    public void A_cross_site_text_plain_post_from_a_browser_page_is_refused()
    {
        var token = ControlGuard.CreateToken(directory);

        Assert.Equal(401, ControlGuard.Refusal(IPAddress.Loopback, Headers(null), token)?.Status);
        Assert.Equal(403, ControlGuard.Refusal(IPAddress.Loopback, Headers(token, extra: ("Origin", "https://evil.example")), token)?.Status);
        Assert.Equal(403, ControlGuard.Refusal(IPAddress.Loopback, Headers(token, extra: ("Sec-Fetch-Site", "cross-site")), token)?.Status);
    }

    [Fact]
    public void A_rebound_host_name_a_wrong_token_or_a_remote_caller_is_refused()
    {
        var token = ControlGuard.CreateToken(directory);

        Assert.Equal(403, ControlGuard.Refusal(IPAddress.Loopback, Headers(token, "evil.example:9090"), token)?.Status);
        Assert.Equal(401, ControlGuard.Refusal(IPAddress.Loopback, Headers("not-the-token"), token)?.Status);
        Assert.Equal(403, ControlGuard.Refusal(IPAddress.Parse("10.0.0.7"), Headers(token), token)?.Status);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
