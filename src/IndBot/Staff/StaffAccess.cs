using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace IndBot.Staff;

/// <summary>The one requirement of every staff page and API: a loopback request with local access on, or an allowed signed-in user.</summary>
public sealed class StaffRequirement : IAuthorizationRequirement;

/// <summary>Checks <see cref="StaffRequirement"/>. Singleton: it reads only options and the request.</summary>
public sealed class StaffAuthorizationHandler(IOptionsMonitor<StaffOptions> options) : AuthorizationHandler<StaffRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StaffRequirement requirement)
    {
        var staff = options.CurrentValue;
        if (staff.LocalAccess && context.Resource is HttpContext http && StaffAccess.IsLocal(http))
        {
            context.Succeed(requirement);
        }
        else if (staff.SignInConfigured && StaffAccess.IsAllowed(context.User, staff))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class StaffAccess
{
    /// <summary>The name a local (loopback) staff member is recorded under in the audit log.</summary>
    public const string LocalName = "local (loopback)";

    /// <summary>
    /// From this machine, not through a proxy: a reverse proxy on the same machine makes every visitor look like
    /// loopback, and it says so in a forwarding header.
    /// </summary>
    public static bool IsLocal(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var headers = http.Request.Headers;
        return http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
            && !headers.ContainsKey("X-Forwarded-For") && !headers.ContainsKey("Forwarded") && !headers.ContainsKey("X-Real-IP");
    }

    /// <summary>Signed in, and in the allowed group (<c>groups</c> claim) or with the allowed app role (<c>roles</c> claim).</summary>
    public static bool IsAllowed(ClaimsPrincipal user, StaffOptions staff)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(staff);
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var group = staff.AllowedGroup?.Trim();
        var role = staff.AllowedRole?.Trim();
        return (!string.IsNullOrEmpty(group) && user.HasClaim(c => c.Type == "groups" && string.Equals(c.Value, group, StringComparison.OrdinalIgnoreCase)))
            || (!string.IsNullOrEmpty(role) && user.HasClaim(c => c.Type is "roles" or ClaimTypes.Role && c.Value == role));
    }

    /// <summary>Who is acting, for the page header and the audit log: the display name only, no e-mail or id.</summary>
    public static string StaffName(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            return user.FindFirst("name")?.Value ?? user.Identity.Name ?? "signed-in staff member";
        }

        return LocalName;
    }
}
