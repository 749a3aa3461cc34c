using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using IndBot.Cli;

namespace IndBot.Tests.Teams;

public sealed class TeamsPackageTests : IDisposable
{
    private const string AppId = "6a1e3b8c-1f2d-4a5b-9c8d-7e6f5a4b3c2d";
    private readonly string _folder = Directory.CreateTempSubdirectory("indbot-teams-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Run_ValidArguments_WritesZipWithManifestAndIcons()
    {
        var zipPath = Path.Combine(_folder, "indbot-teams.zip");
        var output = new StringWriter();

        var exit = await TeamsPackage.RunAsync(["teams-package", "--app-id", AppId, "--endpoint", "https://indbot.example.nl/api/messages", "--out", zipPath], output, new StringWriter());

        Assert.Equal(0, exit);
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());

        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var root = manifest.RootElement;
        Assert.Equal(AppId, root.GetProperty("id").GetString());
        var bot = root.GetProperty("bots")[0];
        Assert.Equal(AppId, bot.GetProperty("botId").GetString());
        Assert.Equal(["personal", "team", "groupChat"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("indbot.example.nl", Assert.Single(root.GetProperty("validDomains").EnumerateArray()).GetString());
        Assert.Equal("color.png", root.GetProperty("icons").GetProperty("color").GetString());

        var (colorWidth, colorHeight, _) = ReadPng(zip.GetEntry("color.png")!);
        Assert.Equal((192, 192), (colorWidth, colorHeight));
        var (outlineWidth, outlineHeight, pixels) = ReadPng(zip.GetEntry("outline.png")!);
        Assert.Equal((32, 32), (outlineWidth, outlineHeight));
        Assert.All(pixels, p => Assert.True(p.A == 0 || (p.R, p.G, p.B) == (255, 255, 255), "outline pixels are white or transparent"));
        Assert.Contains(pixels, p => p.A == 255);
    }

    [Fact]
    public async Task Run_Manifest_ValidatesAgainstMicrosoftsSchemaForItsVersion()
    {
        var zipPath = Path.Combine(_folder, "indbot-teams.zip");
        Assert.Equal(0, await TeamsPackage.RunAsync(["teams-package", "--app-id", AppId, "--endpoint", "https://indbot.example.nl/api/messages", "--out", zipPath], new StringWriter(), new StringWriter()));
        var manifestPath = Path.Combine(_folder, "manifest.json");
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            zip.GetEntry("manifest.json")!.ExtractToFile(manifestPath);
        }

        var (exit, output) = await RunNodeAsync(Path.Combine(RepoRoot, "tests", "IndBot.Tests", "Teams", "validate-manifest.mjs"), manifestPath);

        Assert.True(exit == 0, "The manifest fails Microsoft's schema:\n" + output);
        using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var version = manifest.RootElement.GetProperty("manifestVersion").GetString()!;
        Assert.True(Version.Parse(version) >= new Version(1, 22), $"manifestVersion {version} is not current");
        Assert.EndsWith($"/v{version}/MicrosoftTeams.schema.json", manifest.RootElement.GetProperty("$schema").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validator_ManifestWithTooLongDeveloperName_Fails()
    {
        // The validator itself: the defect Teams reported must be caught.
        var manifestPath = Path.Combine(_folder, "bad.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(await TeamsPackage.CreateManifestAsync(TemplatePath, Guid.Parse(AppId), new Uri("https://indbot.example.nl/api/messages"), "1.0.0"))!;
        manifest["developer"]!["name"] = "Immigratie- en Naturalisatiedienst (IND)";
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());

        var (exit, output) = await RunNodeAsync(Path.Combine(RepoRoot, "tests", "IndBot.Tests", "Teams", "validate-manifest.mjs"), manifestPath);

        Assert.Equal(1, exit);
        Assert.Contains("/developer/name must NOT have more than 32 characters", output, StringComparison.Ordinal);
    }

    private static string RepoRoot => Path.GetDirectoryName(IndBot.Snapshots.KnowledgeLocator.Find(null))!;

    private static string TemplatePath => Path.Combine(RepoRoot, "src", "IndBot", "Teams", TeamsPackage.TemplateFile);

    private static async Task<(int Exit, string Output)> RunNodeAsync(string script, string argument)
    {
        var start = new System.Diagnostics.ProcessStartInfo("node") { WorkingDirectory = RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await stdout + await stderr);
    }

    [Theory]
    [InlineData("not-a-guid", "https://indbot.example.nl/api/messages")]
    [InlineData("00000000-0000-0000-0000-000000000000", "https://indbot.example.nl/api/messages")]
    [InlineData(AppId, "http://indbot.example.nl/api/messages")]
    [InlineData(AppId, null)]
    public async Task Run_BadArguments_FailsWithMessageAndWritesNothing(string appId, string? endpoint)
    {
        var zipPath = Path.Combine(_folder, "bad.zip");
        var error = new StringWriter();
        string[] args = endpoint is null
            ? ["teams-package", "--app-id", appId, "--out", zipPath]
            : ["teams-package", "--app-id", appId, "--endpoint", endpoint, "--out", zipPath];

        var exit = await TeamsPackage.RunAsync(args, new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.NotEmpty(error.ToString());
        Assert.False(File.Exists(zipPath));
    }

    /// <summary>Decodes an unfiltered 8-bit RGBA PNG as written by the package (and checks its signature and header).</summary>
    private static (int Width, int Height, List<(byte R, byte G, byte B, byte A)> Pixels) ReadPng(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var data = buffer.ToArray();
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], data[..8]);
        var width = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(16));
        var height = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(20));
        Assert.Equal(8, data[24]);
        Assert.Equal(6, data[25]);

        var idat = new MemoryStream();
        for (var offset = 8; offset < data.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(data, offset + 4, 4);
            if (type == "IDAT")
            {
                idat.Write(data, offset + 8, length);
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var bytes = raw.ToArray();
        Assert.Equal(height * (1 + (width * 4)), bytes.Length);
        var pixels = new List<(byte, byte, byte, byte)>();
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + (width * 4));
            Assert.Equal(0, bytes[row]);
            for (var x = 0; x < width; x++)
            {
                var p = row + 1 + (x * 4);
                pixels.Add((bytes[p], bytes[p + 1], bytes[p + 2], bytes[p + 3]));
            }
        }

        return (width, height, pixels);
    }
}
