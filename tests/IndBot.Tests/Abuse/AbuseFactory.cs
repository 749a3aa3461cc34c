using IndBot.Testing;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace IndBot.Tests.Abuse;

/// <summary>
/// The host the abuse suite attacks: the real bot with the repository's knowledge, its own log capture (so "nothing was
/// logged as an error" means this suite's requests) and its own feedback file. Rate limits are raised so the attacks
/// reach the code behind them (the limits have their own tests).
/// </summary>
public sealed class AbuseFactory : IndBotFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:PerConversationPerMinute"] = "0",
        ["DirectLine:RateLimit:ActivitiesPerConversationPerMinute"] = "100000",
        ["DirectLine:RateLimit:ActivitiesPerIpPerMinute"] = "100000",
        ["DirectLine:RateLimit:ConversationsPerIpPerMinute"] = "100000",
    };

    /// <summary>Error-level (and worse) log lines so far: a valid-but-odd input must add none.</summary>
    public IReadOnlyList<CapturedLog> Errors() => [.. Logs.Logs.Where(l => l.Level >= LogLevel.Error)];

    /// <summary>The error log lines since <paramref name="before"/> (a count from <see cref="Errors"/>), as text for a failure message.</summary>
    public string ErrorsSince(int before) => string.Join("\n", Errors().Skip(before).Select(e => $"{e.Category}: {e.Message} {e.Exception}"));
}

[CollectionDefinition(Name)]
public sealed class AbuseCollection : ICollectionFixture<AbuseFactory>
{
    public const string Name = "Abuse host";
}
