using Microsoft.Extensions.Options;

namespace IndBot.BotFramework.Authentication;

/// <summary>
/// Bot Framework authentication settings, bound from the configuration root with the SDK's key names.
/// No <see cref="MicrosoftAppId"/> means authentication is disabled (local Emulator, offline-directline).
/// </summary>
public sealed class BotFrameworkAuthenticationOptions
{
    public const string MultiTenant = "MultiTenant";
    public const string SingleTenant = "SingleTenant";
    public const string UserAssignedMsi = "UserAssignedMSI";

    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    /// <summary><c>MultiTenant</c> (default when missing) or <c>SingleTenant</c>; <c>UserAssignedMSI</c> is not supported.</summary>
    public string? MicrosoftAppType { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    public string ToBotFromChannelOpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    public string ToBotFromChannelTokenIssuer { get; set; } = "https://api.botframework.com";

    public string ToBotFromEmulatorOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

    /// <summary>Defaults to https://login.microsoftonline.com/botframework.com, or .../{tenant} for SingleTenant.</summary>
    public string? ToChannelFromBotLoginUrl { get; set; }

    public string ToChannelFromBotOAuthScope { get; set; } = "https://api.botframework.com";

    public bool ValidateAuthority { get; set; } = true;

    public bool IsAuthenticationDisabled => string.IsNullOrWhiteSpace(MicrosoftAppId);

    public bool IsSingleTenant => string.Equals(MicrosoftAppType, SingleTenant, StringComparison.OrdinalIgnoreCase);

    public string EffectiveLoginUrl =>
        !string.IsNullOrWhiteSpace(ToChannelFromBotLoginUrl)
            ? ToChannelFromBotLoginUrl.TrimEnd('/')
            : IsSingleTenant
                ? $"https://login.microsoftonline.com/{MicrosoftAppTenantId}"
                : "https://login.microsoftonline.com/botframework.com";
}

/// <summary>Fails start-up on settings the SDK would reject.</summary>
public sealed class BotFrameworkAuthenticationOptionsValidator : IValidateOptions<BotFrameworkAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var appType = options.MicrosoftAppType;
        if (!string.IsNullOrWhiteSpace(appType)
            && !string.Equals(appType, BotFrameworkAuthenticationOptions.MultiTenant, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(appType, BotFrameworkAuthenticationOptions.SingleTenant, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"MicrosoftAppType '{appType}' is not supported; use MultiTenant or SingleTenant.");
        }

        if (!options.IsAuthenticationDisabled)
        {
            if (string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
            {
                failures.Add("MicrosoftAppPassword is required when MicrosoftAppId is set.");
            }

            if (options.IsSingleTenant && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
            {
                failures.Add("MicrosoftAppTenantId is required for a SingleTenant bot.");
            }

            foreach (var (key, url) in new[]
            {
                (nameof(options.ToBotFromChannelOpenIdMetadataUrl), options.ToBotFromChannelOpenIdMetadataUrl),
                (nameof(options.ToBotFromEmulatorOpenIdMetadataUrl), options.ToBotFromEmulatorOpenIdMetadataUrl),
                (nameof(options.ToChannelFromBotLoginUrl), options.EffectiveLoginUrl),
            })
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
                {
                    failures.Add($"{key} must be an https URL (http only on loopback).");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
