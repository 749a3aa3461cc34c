using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IndBot.Testing;

public sealed record CapturedLog(string Category, LogLevel Level, string Message, string State, string? Exception, string Scopes);

/// <summary>Keeps every log line (message, structured values, scopes, exception) for assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedLog> Logs { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>Everything logged, as one string to search.</summary>
    public string AllText() => string.Join("\n", Logs.Select(l => $"{l.Category} {l.Message} {l.State} {l.Scopes} {l.Exception}"));

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : state?.ToString() ?? "";
            var scopes = new List<string>();
            provider._scopes.ForEachScope((scope, list) =>
            {
                list.Add(scope is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(";", kv.Select(p => $"{p.Key}={p.Value}")) : scope?.ToString() ?? "");
            }, scopes);
            provider.Logs.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), values, exception?.ToString(), string.Join("|", scopes)));
        }
    }
}
