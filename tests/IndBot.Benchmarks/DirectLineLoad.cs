using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IndBot.BotFramework.DirectLine;
using IndBot.BotFramework.Schema;
using Activity = IndBot.BotFramework.Schema.Activity;

namespace IndBot.Benchmarks;

/// <summary>
/// The widget's path under load (bench/directline.sh): N conversations at once, each as Web Chat does it (a token from
/// <c>POST /api/directline/token</c>, <c>POST /v3/directline/conversations</c>, the streamUrl opened as a WebSocket),
/// then in a closed loop: POST a message activity, wait until the bot's reply to it (replyToId = the posted id) arrives
/// on the socket, POST the next. The latency of a message is from just before its POST to its reply on the socket.
/// Questions rotate through bench/messages.lua. Messages sent during the warm-up are not counted.
/// </summary>
internal static partial class DirectLineLoad
{
    private const string ErrorReplyEn = "something went wrong";
    private const string ErrorReplyNl = "ging bij ons iets mis";

    public static async Task<int> RunAsync(Uri baseUrl, int conversations, TimeSpan warmUp, TimeSpan duration)
    {
        var lua = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Paths.Knowledge)!, "bench", "messages.lua"));
        var questions = QuestionLine().Matches(lua).Select(m => (Locale: m.Groups[1].Value, Text: m.Groups[2].Value)).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = conversations + 8, UseCookies = false })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };

        var setup = Stopwatch.StartNew();
        var clients = await Task.WhenAll(Enumerable.Range(0, conversations).Select(i => Client.OpenAsync(http, i, CancellationToken.None))).ConfigureAwait(false);
        setup.Stop();
        Console.Error.WriteLine($"{conversations} conversations started and streams open in {setup.ElapsedMilliseconds} ms; warm-up {warmUp.TotalSeconds:F0} s, then {duration.TotalSeconds:F0} s");

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var results = await Task.WhenAll(clients.Select((c, i) => c.LoopAsync(http, questions, i, measureFrom, measureTo))).ConfigureAwait(false);

        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var errors = results.Sum(r => r.Errors);
        var bad = results.Sum(r => r.BadAnswers);
        foreach (var client in clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        double Pct(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        var rate = latencies.Length / duration.TotalSeconds;
        Console.WriteLine($"| Direct Line over WebSocket, {conversations} conversations, {duration.TotalSeconds:F0} s after {warmUp.TotalSeconds:F0} s warm-up | Value |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| Messages answered on the socket (per second) | {latencies.Length} ({rate:F0}/s) |");
        Console.WriteLine($"| Reply latency p50 / p90 / p99 / max (ms: POST sent → reply on the socket) | {Pct(0.50):F2} / {Pct(0.90):F2} / {Pct(0.99):F2} / {(latencies.Length == 0 ? double.NaN : latencies[^1]):F2} |");
        Console.WriteLine($"| Errors (failed POSTs, no reply within 10 s, closed sockets) | {errors} |");
        Console.WriteLine($"| Replies that are not a proper answer (the error reply) | {bad} |");
        Console.WriteLine($"| Setup: {conversations} tokens, starts and open streams (ms) | {setup.ElapsedMilliseconds} |");
        return errors == 0 && bad == 0 && latencies.Length > 0 ? 0 : 1;
    }

    private sealed record LoopResult(List<double> Latencies, int Errors, int BadAnswers);

    /// <summary>One conversation: its token, its socket, and the replies that arrived on it (by the id they reply to).</summary>
    private sealed class Client : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket;
        private readonly string _conversationId;
        private readonly string _token;
        private readonly ConcurrentDictionary<string, TaskCompletionSource<(long At, Activity Reply)>> _replies = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _receiving;

        private Client(ClientWebSocket socket, string conversationId, string token)
        {
            _socket = socket;
            _conversationId = conversationId;
            _token = token;
            _receiving = ReceiveAsync();
        }

        public static async Task<Client> OpenAsync(HttpClient http, int index, CancellationToken cancellationToken)
        {
            using var tokenResponse = await http.PostAsync(DirectLineEndpoints.TokenRoute, null, cancellationToken).ConfigureAwait(false);
            tokenResponse.EnsureSuccessStatusCode();
            var issued = await ReadAsync<DirectLineConversationResponse>(tokenResponse, cancellationToken).ConfigureAwait(false);

            using var startRequest = new HttpRequestMessage(HttpMethod.Post, DirectLineEndpoints.BaseRoute + "/conversations")
            {
                Content = new StringContent(index % 2 == 0 ? """{"locale":"en-US"}""" : """{"locale":"nl-NL"}""", Encoding.UTF8, "application/json"),
            };
            startRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issued.Token);
            using var startResponse = await http.SendAsync(startRequest, cancellationToken).ConfigureAwait(false);
            startResponse.EnsureSuccessStatusCode();
            var started = await ReadAsync<DirectLineConversationResponse>(startResponse, cancellationToken).ConfigureAwait(false);

            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(started.StreamUrl!), cancellationToken).ConfigureAwait(false);
            return new Client(socket, started.ConversationId!, started.Token!);
        }

        public async Task<LoopResult> LoopAsync(HttpClient http, (string Locale, string Text)[] questions, int index, long measureFrom, long measureTo)
        {
            var latencies = new List<double>();
            int errors = 0, bad = 0;
            var route = $"{DirectLineEndpoints.BaseRoute}/conversations/{Uri.EscapeDataString(_conversationId)}/activities";
            for (var n = index; Stopwatch.GetTimestamp() < measureTo; n++)
            {
                var (locale, text) = questions[n % questions.Length];
                var body = JsonSerializer.Serialize(new Activity
                {
                    Type = ActivityTypes.Message,
                    From = new ChannelAccount("user", "Visitor"),
                    Locale = locale,
                    TextFormat = "plain",
                    Text = text,
                }, BotJsonContext.Default.Activity);
                using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);

                var sent = Stopwatch.GetTimestamp();
                string? id;
                try
                {
                    using var response = await http.SendAsync(request).ConfigureAwait(false);
                    id = response.IsSuccessStatusCode ? (await ReadAsync<DirectLineResourceResponse>(response, CancellationToken.None).ConfigureAwait(false)).Id : null;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    id = null;
                }

                if (id is null)
                {
                    errors += sent >= measureFrom ? 1 : 0;
                    continue;
                }

                var waiter = _replies.GetOrAdd(id, _ => new TaskCompletionSource<(long, Activity)>(TaskCreationOptions.RunContinuationsAsynchronously));
                var arrived = await Task.WhenAny(waiter.Task, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
                _replies.TryRemove(id, out _);
                if (sent < measureFrom || sent >= measureTo)
                {
                    continue;
                }

                if (arrived != waiter.Task)
                {
                    errors++;
                    continue;
                }

                var (at, reply) = waiter.Task.Result;
                latencies.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
                if (reply.Text is { } replyText && (replyText.Contains(ErrorReplyEn, StringComparison.Ordinal) || replyText.Contains(ErrorReplyNl, StringComparison.Ordinal)))
                {
                    bad++;
                }
            }

            return new LoopResult(latencies, errors + (_receiving.IsCompleted ? 1 : 0), bad);
        }

        /// <summary>Reads activity sets off the socket; the first bot message replying to an id completes that id's waiter.</summary>
        private async Task ReceiveAsync()
        {
            var buffer = new byte[64 * 1024];
            var message = new MemoryStream();
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var result = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }

                    var at = Stopwatch.GetTimestamp();
                    if (message.Length > 0)
                    {
                        var set = JsonSerializer.Deserialize<DirectLineActivitySet>(message.GetBuffer().AsSpan(0, (int)message.Length), BotJson.Options);
                        foreach (var activity in set?.Activities ?? [])
                        {
                            if (activity is { Type: ActivityTypes.Message, From.Role: RoleTypes.Bot, ReplyToId: { } replyTo })
                            {
                                _replies.GetOrAdd(replyTo, _ => new TaskCompletionSource<(long, Activity)>(TaskCreationOptions.RunContinuationsAsynchronously))
                                    .TrySetResult((at, activity));
                            }
                        }
                    }

                    message.SetLength(0);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
            {
            }

            await _stop.CancelAsync().ConfigureAwait(false);
            await _receiving.ConfigureAwait(false);
            _socket.Dispose();
            _stop.Dispose();
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync<T>(stream, BotJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"An empty {typeof(T).Name}.");
    }

    [GeneratedRegex("""\{ "((?:en|nl)-[A-Z]{2})", "([^"]+)" \}""")]
    private static partial Regex QuestionLine();
}
