namespace IndBot.Hosting;

/// <summary>
/// Finds the web root (the demo page, <c>/widget.js</c> and <c>dist/</c>) from the application's own folder, not the
/// working directory: a published build has <c>wwwroot/</c> next to the program; a build of the repository finds
/// <c>src/IndBot/wwwroot</c> above <c>bin/</c>. An operator's <c>--webroot</c> or <c>ASPNETCORE_WEBROOT</c> wins.
/// Likewise the content root (where <c>appsettings.json</c> is read): the working directory when it has the file
/// (<c>dotnet run</c> from the repository root), else the program's folder, which always has a copy.
/// </summary>
public static class WebRootLocator
{
    /// <summary>The content root to use, or null to leave ASP.NET Core's choice (the working directory, or the operator's).</summary>
    public static string? FindContentRoot(string[] args, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configured = new ConfigurationBuilder().AddEnvironmentVariables("ASPNETCORE_").AddCommandLine(args).Build()["contentRoot"];
        if (!string.IsNullOrWhiteSpace(configured) || File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")))
        {
            return null;
        }

        var own = baseDirectory ?? AppContext.BaseDirectory;
        return File.Exists(Path.Combine(own, "appsettings.json")) ? own : null;
    }

    private const string Marker = "dist/widget.js";

    /// <summary>The web root to use, or null to leave ASP.NET Core's choice (the operator set one, or none was found).</summary>
    public static string? Find(string[] args, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configured = new ConfigurationBuilder().AddEnvironmentVariables("ASPNETCORE_").AddCommandLine(args).Build()["webroot"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        for (var dir = new DirectoryInfo(baseDirectory ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "wwwroot");
            if (File.Exists(Path.Combine(candidate, Marker)))
            {
                return candidate;
            }
        }

        return null;
    }
}
