using IndBot.BotFramework.DirectLine;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace IndBot.ClientApp;

/// <summary>
/// Serves the chat widget built from ClientApp/ into wwwroot/dist: the demo page (<c>GET /</c>), the one-line embed
/// (<c>GET /widget.js</c>) and its assets (<c>GET /dist/{file}</c>).
/// </summary>
public static class ChatWidgetEndpoints
{
    private const string DistFolder = "dist";

    public static IEndpointRouteBuilder MapChatWidget(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        endpoints.MapGet("/", (HttpContext context, IWebHostEnvironment environment, IOptionsMonitor<DirectLineOptions> directLine) =>
        {
            SetPageHeaders(context.Response, directLine.CurrentValue);
            return Serve(context, environment, "index.html", "text/html; charset=utf-8", "no-cache");
        });

        // The embed URL never changes, so browsers must revalidate it; embedding sites may load it cross-origin.
        endpoints.MapGet("/widget.js", (HttpContext context, IWebHostEnvironment environment) =>
        {
            context.Response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
            return Serve(context, environment, "widget.js", "text/javascript; charset=utf-8", "no-cache");
        });

        endpoints.MapGet("/dist/{file:regex(^[A-Za-z0-9_.-]+$)}", (string file, HttpContext context, IWebHostEnvironment environment, IOptionsMonitor<DirectLineOptions> directLine) =>
        {
            var contentType = Path.GetExtension(file) switch
            {
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".html" => "text/html; charset=utf-8",
                ".txt" => "text/plain; charset=utf-8",
                _ => null,
            };
            if (contentType is null)
            {
                return Results.NotFound();
            }

            if (contentType.StartsWith("text/html", StringComparison.Ordinal))
            {
                // The demo page is the same page under this URL too: the same policy and frame protection as "/".
                SetPageHeaders(context.Response, directLine.CurrentValue);
                return Serve(context, environment, file, contentType, "no-cache");
            }

            context.Response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
            // widget.js asks for webchat.js?v=<content hash>: that URL's content never changes.
            var cacheControl = context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache";
            return Serve(context, environment, file, contentType, cacheControl);
        });

        return endpoints;
    }

    private static IResult Serve(HttpContext context, IWebHostEnvironment environment, string file, string contentType, string cacheControl)
    {
        var provider = environment.WebRootFileProvider;
        var info = provider.GetFileInfo($"{DistFolder}/{file}");
        if (!info.Exists || info.IsDirectory)
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers.CacheControl = cacheControl;
        headers.XContentTypeOptions = "nosniff";

        // build.mjs writes a Brotli copy of the large Web Chat bundle next to it.
        var compressed = provider.GetFileInfo($"{DistFolder}/{file}.br");
        if (compressed.Exists && AcceptsBrotli(context.Request))
        {
            headers.Vary = HeaderNames.AcceptEncoding;
            headers.ContentEncoding = "br";
            return Results.Stream(compressed.CreateReadStream(), contentType, lastModified: compressed.LastModified, entityTag: ETag(compressed, "br"));
        }

        if (compressed.Exists)
        {
            headers.Vary = HeaderNames.AcceptEncoding;
        }

        return Results.Stream(info.CreateReadStream(), contentType, lastModified: info.LastModified, entityTag: ETag(info, null));
    }

    private static bool AcceptsBrotli(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(value => value?.Contains("br", StringComparison.OrdinalIgnoreCase) == true);

    private static EntityTagHeaderValue ETag(IFileInfo info, string? encoding) =>
        new($"\"{info.LastModified.UtcTicks:x}-{info.Length:x}{(encoding is null ? "" : "-" + encoding)}\"");

    /// <summary>
    /// No inline script anywhere; Web Chat sets inline styles (style-src 'unsafe-inline') and renders images from data:/blob: URLs.
    /// With an Azure Direct Line secret the widget talks to Azure, so connect-src names that host.
    /// </summary>
    private static void SetPageHeaders(HttpResponse response, DirectLineOptions directLine)
    {
        var connect = "'self'";
        if (!string.IsNullOrEmpty(directLine.Secret))
        {
            var host = directLine.GenerateTokenUrl.Authority;
            connect += $" https://{host} wss://{host}";
        }

        response.Headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
            $"font-src 'self' data:; media-src 'self' data: blob:; connect-src {connect}; object-src 'none'; " +
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        response.Headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        response.Headers["X-Frame-Options"] = "DENY";
    }
}
