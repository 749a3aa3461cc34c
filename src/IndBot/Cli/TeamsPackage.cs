using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using IndBot.Teams;

namespace IndBot.Cli;

/// <summary>
/// <c>indbot teams-package --app-id GUID --endpoint https://host/api/messages [--out indbot-teams.zip] [--version 1.0.0]</c>:
/// writes the Microsoft Teams app package (manifest.json from Teams/manifest.template.json, color.png, outline.png).
/// </summary>
public static class TeamsPackage
{
    public const string TemplateFile = "manifest.template.json";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var appIdText = Option(args, "--app-id");
        var endpointText = Option(args, "--endpoint");
        var outPath = Option(args, "--out") ?? "indbot-teams.zip";
        var version = Option(args, "--version") ?? "1.0.0";
        var templatePath = Option(args, "--template") ?? FindTemplate();

        if (!Guid.TryParse(appIdText, out var appId) || appId == Guid.Empty)
        {
            await error.WriteLineAsync("--app-id must be the bot's Microsoft App ID (a GUID), e.g. --app-id 6a1e3b8c-1f2d-4a5b-9c8d-7e6f5a4b3c2d.");
            return 2;
        }

        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            await error.WriteLineAsync("--endpoint must be the bot's https messaging endpoint, e.g. --endpoint https://indbot.example.nl/api/messages.");
            return 2;
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(version, @"^\d+\.\d+\.\d+$"))
        {
            await error.WriteLineAsync("--version must look like 1.0.0.");
            return 2;
        }

        if (templatePath is null || !File.Exists(templatePath))
        {
            await error.WriteLineAsync($"The manifest template ({TemplateFile}) was not found; pass --template PATH.");
            return 2;
        }

        var manifest = await CreateManifestAsync(templatePath, appId, endpoint, version);
        Write(outPath, manifest);
        await output.WriteLineAsync($"Wrote {Path.GetFullPath(outPath)} for app {appId:D} ({endpoint.Host}). Register {endpoint} as the bot's messaging endpoint in Azure.");
        return 0;
    }

    /// <summary>The template with the app id, bot id, version and the endpoint's host as valid domain filled in.</summary>
    public static async Task<string> CreateManifestAsync(string templatePath, Guid appId, Uri endpoint, string version)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(templatePath))!.AsObject();
        var id = appId.ToString("D");
        manifest["id"] = id;
        manifest["version"] = version;
        foreach (var bot in manifest["bots"]!.AsArray())
        {
            bot!["botId"] = id;
        }

        manifest["validDomains"] = new JsonArray(endpoint.Host);
        return manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static void Write(string outPath, string manifest)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var stream = File.Create(outPath);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        Add(zip, "manifest.json", System.Text.Encoding.UTF8.GetBytes(manifest));
        Add(zip, "color.png", TeamsIcons.Color());
        Add(zip, "outline.png", TeamsIcons.Outline());
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static string? FindTemplate()
    {
        var published = Path.Combine(AppContext.BaseDirectory, "Teams", TemplateFile);
        if (File.Exists(published))
        {
            return published;
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "IndBot", "Teams", TemplateFile);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
