using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace IndBot.Staff;

/// <summary>The staff pages' frame: navigation, who is signed in, the antiforgery token, and the headers (CSP, no framing, no caching).</summary>
public static class StaffPage
{
    /// <summary>The pages, in navigation order: path under /staff, title.</summary>
    public static IReadOnlyList<(string Path, string Title)> Pages { get; } =
    [
        ("", "Test pane"),
        (MissedPage.Path, "What visitors missed"),
        (TeachPage.ChangesPath, "Accepted changes"),
        (QuestionSetPage.Path, QuestionSetPage.Title),
    ];

    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    /// <summary>A whole page around <paramref name="body"/> (already HTML), with <paramref name="scripts"/> from /staff/assets.</summary>
    public static IResult Render(HttpContext http, string path, string title, string body, params string[] scripts)
    {
        ArgumentNullException.ThrowIfNull(http);
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="csrf-token" content="{E(tokens.RequestToken)}">
            <title>{E(title)} – IndBot staff</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="{StaffHostingExtensions.BasePath}/assets/staff.css">

            """);
        foreach (var script in scripts)
        {
            html.Append($"<script src=\"{E(script)}\" defer></script>\n");
        }

        html.Append("</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"top\">\n<p class=\"brand\">IndBot staff</p>\n<nav aria-label=\"Staff pages\"><ul>\n");
        foreach (var (pagePath, pageTitle) in Pages)
        {
            var current = pagePath == path ? " aria-current=\"page\"" : "";
            html.Append($"<li><a href=\"{StaffHostingExtensions.BasePath}{(pagePath.Length > 0 ? "/" + pagePath : "")}\"{current}>{E(pageTitle)}</a></li>\n");
        }

        html.Append($"</ul></nav>\n<p class=\"who\">Signed in as {E(StaffAccess.StaffName(http))}</p>\n</header>\n<main id=\"main\">\n<h1>{E(title)}</h1>\n");
        html.Append(body);
        html.Append("\n</main>\n</body>\n</html>\n");
        SetHeaders(http.Response);
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    /// <summary>A short problem for bad input, as the page's own kind of answer: never an exception's text.</summary>
    public static IResult Problem(string message, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new { error = message }, statusCode: status);

    /// <summary>
    /// No inline script; Web Chat sets inline styles and shows images from data:/blob: URLs (as on the demo page).
    /// Staff pages show what visitors typed: never cached, never framed.
    /// </summary>
    public static void SetHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers["X-Frame-Options"] = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
