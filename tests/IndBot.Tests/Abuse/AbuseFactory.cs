using IndBot.Testing;
using IndBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace IndBot.Tests.Abuse;

/// <summary>
/// The host the abuse suite attacks: the real bot with the repository's knowledge, its own log capture (so "nothing was
/// logged as an error" means this suite's requests) and its own feedback file.
/// </summary>
public sealed class AbuseFactory : IndBotFactory
{
    /// <summary>Error-level (and worse) log lines so far: a valid-but-odd input must add none.</summary>
    public IReadOnlyList<CapturedLog> Errors() => [.. Logs.Logs.Where(l => l.Level >= LogLevel.Error)];
}

[CollectionDefinition(Name)]
public sealed class AbuseCollection : ICollectionFixture<AbuseFactory>
{
    public const string Name = "Abuse host";
}
