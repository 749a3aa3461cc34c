namespace IndBot.Staff;

/// <summary>
/// The staff pages under <c>/staff</c> ("Staff" section). Closed unless <see cref="Authority"/> and
/// <see cref="ClientId"/> are set (Microsoft Entra ID sign-in) or <see cref="LocalAccess"/> is on (loopback only).
/// </summary>
public sealed class StaffOptions
{
    public const string SectionName = "Staff";

    public const string DefaultAuditPath = "data/staff-audit.jsonl";

    /// <summary>The OpenID Connect authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The app registration's client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app registration's client secret (authorization code flow); without one the id token comes in the form post.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A group object id the signed-in user must be in (the <c>groups</c> claim).</summary>
    public string? AllowedGroup { get; set; }

    /// <summary>An app role the signed-in user must have (the <c>roles</c> claim).</summary>
    public string? AllowedRole { get; set; }

    /// <summary>Lets requests from the loopback address in without signing in (a developer's own machine).</summary>
    public bool LocalAccess { get; set; }

    /// <summary>Where accepted knowledge changes are recorded (JSON lines); relative paths are under the content root.</summary>
    public string AuditPath { get; set; } = DefaultAuditPath;

    public bool SignInConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>Whether <c>/staff</c> exists at all.</summary>
    public bool Enabled => SignInConfigured || LocalAccess;
}
