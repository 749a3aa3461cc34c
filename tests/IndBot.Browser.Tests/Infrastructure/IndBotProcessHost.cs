using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IndBot.Browser.Tests.Infrastructure;

/// <summary>
/// The real IndBot host (the built indbot.dll) as a child process on 127.0.0.1 and a free port, ready once /healthz answers.
/// A real browser needs a real socket, which WebApplicationFactory's in-memory server cannot give. It is started as an
/// operator would start a build: from a folder of its own (not the program's), with no --webroot or --contentRoot.
/// </summary>
public sealed class IndBotProcessHost : IAsyncLifetime
{
    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, string> _environment;
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("indbot-host-").FullName;
    private Process? _process;

    /// <param name="environment">Extra environment variables (configuration such as ConnectionStrings__Redis).</param>
    public IndBotProcessHost(Dictionary<string, string>? environment = null)
    {
        _environment = environment ?? [];
    }

    /// <summary>The folder the process was started in (its working directory).</summary>
    public string WorkingDirectory => _workingDirectory;

    public Uri BaseAddress { get; private set; } = null!;

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
        // bin/<Configuration>/net10.0 of the tests → the same configuration of src/IndBot.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var binDirectory = Path.Combine(RepoPaths.Root, "src", "IndBot", "bin", configuration, framework.Name);
        var dll = Path.Combine(binDirectory, "indbot.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build src/IndBot first.", dll);
        }

        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", BaseAddress.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The feedback file goes under the working directory (data/feedback.jsonl), which is this host's own.
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start indbot.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await poll.WaitForNextTickAsync())
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"indbot exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"indbot did not answer /healthz within 90 s:\n{Output}");
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
