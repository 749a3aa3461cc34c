using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using IndBot.Browser.Tests.Infrastructure;

namespace IndBot.Browser.Tests.Playground;

/// <summary>
/// The real IndBot host and the Microsoft 365 Agents Playground (npm dev dependency) in Teams mode, started offline on
/// loopback (no browser of its own, no telemetry), and Chromium to use it as a person would.
/// </summary>
public sealed partial class PlaygroundFixture : IAsyncLifetime
{
    private readonly StringBuilder _output = new();
    // The Playground writes devTools/ (its log) into its working directory: one of its own, not the repository.
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("indbot-playground-").FullName;
    private Process? _process;

    public BrowserFixture Browser { get; } = new();

    public IndBotProcessHost Bot { get; } = new();

    public Uri Address { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        await Bot.InitializeAsync();
        var cli = Path.Combine(RepoPaths.Root, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");
        if (!File.Exists(cli))
        {
            throw new FileNotFoundException("The Agents Playground is an npm dev dependency: run npm ci at the repository root.", cli);
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _workingDirectory };
        foreach (var argument in new[]
        {
            "--require", Path.Combine(AppContext.BaseDirectory, "Playground", "loopback.cjs"), cli,
            "-e", new Uri(Bot.BaseAddress, "api/messages").ToString(), "-c", "msteams", "-p", "0", "--disable-telemetry",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (ListeningOn().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data);
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The Agents Playground exited:\n" + Output));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // It may pick another port than asked: the one it says it listens on is the one.
        var port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Address = new Uri($"http://127.0.0.1:{port}/");
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        await Bot.DisposeAsync();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningOn();
}
