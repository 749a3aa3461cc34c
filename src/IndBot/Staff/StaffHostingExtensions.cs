using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IndBot.Staff;

/// <summary>The staff pages' composition: sign-in, authorization, antiforgery and the <c>/staff</c> endpoints.</summary>
public static class StaffHostingExtensions
{
    public const string CookieScheme = "IndBot.Staff";
    public const string SignInScheme = "IndBot.Staff.Entra";
    public const string PolicyName = "IndBot.Staff";
    public const string BasePath = "/staff";
    public const string ApiPath = "/staff/api";
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>
    /// Reads the <c>Staff</c> section once, at start-up: without Entra ID settings and without local access, nothing
    /// under <c>/staff</c> is registered at all (404).
    /// </summary>
    public static WebApplicationBuilder AddIndBotStaff(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<StaffOptions>().BindConfiguration(StaffOptions.SectionName)
            .Validate(o => string.IsNullOrWhiteSpace(o.Authority) == string.IsNullOrWhiteSpace(o.ClientId), "Staff:Authority and Staff:ClientId go together")
            .Validate(o => !o.SignInConfigured || !string.IsNullOrWhiteSpace(o.AllowedGroup) || !string.IsNullOrWhiteSpace(o.AllowedRole),
                "Staff sign-in needs Staff:AllowedGroup or Staff:AllowedRole: without one, every account of the tenant would get in")
            .Validate(o => !o.SignInConfigured || Uri.TryCreate(o.Authority, UriKind.Absolute, out var a) && a.Scheme == Uri.UriSchemeHttps, "Staff:Authority must be an https URL")
            .ValidateOnStart();
        var staff = builder.Configuration.GetSection(StaffOptions.SectionName).Get<StaffOptions>() ?? new StaffOptions();
        if (!staff.Enabled)
        {
            return builder;
        }

        var authentication = builder.Services.AddAuthentication();
        authentication.AddCookie(CookieScheme, cookie =>
        {
            cookie.Cookie.Name = "indbot.staff";
            cookie.Cookie.Path = BasePath;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            if (staff.SignInConfigured)
            {
                cookie.ForwardChallenge = SignInScheme;
            }

            // Without Entra ID there is nowhere to sign in: a request that is not local is refused.
            cookie.Events.OnRedirectToLogin = context => Refuse(context.Response, StatusCodes.Status403Forbidden);
            cookie.Events.OnRedirectToAccessDenied = context => Refuse(context.Response, StatusCodes.Status403Forbidden);
        });
        if (staff.SignInConfigured)
        {
            authentication.AddOpenIdConnect(SignInScheme, oidc =>
            {
                oidc.Authority = staff.Authority;
                oidc.ClientId = staff.ClientId;
                oidc.SignInScheme = CookieScheme;
                oidc.CallbackPath = BasePath + "/signin-oidc";
                oidc.SignedOutCallbackPath = BasePath + "/signout-oidc";
                oidc.ResponseMode = OpenIdConnectResponseMode.FormPost;
                if (string.IsNullOrWhiteSpace(staff.ClientSecret))
                {
                    oidc.ResponseType = OpenIdConnectResponseType.IdToken;
                }
                else
                {
                    oidc.ClientSecret = staff.ClientSecret;
                    oidc.ResponseType = OpenIdConnectResponseType.Code;
                    oidc.UsePkce = true;
                }

                // Entra's own claim names ("name", "groups", "roles"), not the WS-Federation URIs.
                oidc.MapInboundClaims = false;
                oidc.TokenValidationParameters.NameClaimType = "name";
                oidc.TokenValidationParameters.RoleClaimType = "roles";
                oidc.SaveTokens = false;
                oidc.Events.OnRedirectToIdentityProvider = context =>
                {
                    // A script's request cannot follow a sign-in redirect: it gets 401 and the page reloads.
                    if (context.Request.Path.StartsWithSegments(ApiPath))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        context.HandleResponse();
                    }

                    return Task.CompletedTask;
                };
            });
        }

        builder.Services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy
            .AddAuthenticationSchemes(CookieScheme)
            .AddRequirements(new StaffRequirement()));
        builder.Services.AddSingleton<IAuthorizationHandler, StaffAuthorizationHandler>();
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "indbot.staff.antiforgery";
            antiforgery.Cookie.Path = BasePath;
            antiforgery.HeaderName = AntiforgeryHeader;
        });
        builder.Services.AddSingleton<StaffPagesMarker>();
        builder.Services.AddStaffServices();
        return builder;
    }

    /// <summary>Authentication, authorization and antiforgery (they act only on endpoints that ask for them), then the staff endpoints.</summary>
    public static WebApplication MapIndBotStaff(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<StaffPagesMarker>() is null)
        {
            return app;
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        StaffEndpoints.Map(app.MapGroup(BasePath).RequireAuthorization(PolicyName));
        return app;
    }

    /// <summary>Registered when the staff pages are on, so mapping follows what was registered.</summary>
    private sealed class StaffPagesMarker;

    private static Task Refuse(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
