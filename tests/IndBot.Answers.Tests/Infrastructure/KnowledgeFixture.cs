using IndBot.Answers.Decisions;
using IndBot.Answers.Retrieval;
using IndBot.Knowledge;
using Microsoft.Extensions.Time.Testing;

namespace IndBot.Answers.Tests.Infrastructure;

/// <summary>The real knowledge and its index, built once per test class (building takes about a second).</summary>
public sealed class KnowledgeFixture : IDisposable
{
    public KnowledgeFixture()
    {
        Knowledge = KnowledgeLoader.Load(RepositoryPaths.Knowledge);
        Index = KnowledgeIndex.Build(Knowledge);
        var (model, problem) = DecisionModel.TryLoad(DecisionModel.Folder(Knowledge.RootPath));
        Model = model ?? throw new InvalidOperationException(problem);
    }

    /// <summary>The committed decision model (knowledge/model/).</summary>
    public DecisionModel Model { get; }

    public KnowledgeBase Knowledge { get; }

    public KnowledgeIndex Index { get; }

    /// <summary>An engine whose clock reads <paramref name="now"/> (Tuesday 10:00 in Amsterdam when not given).</summary>
    public AnswerEngine Engine(DateTimeOffset? now = null, EngineOptions? options = null) =>
        new(Index, new FakeTimeProvider(now ?? AmsterdamClock.At(DayOfWeek.Tuesday, 10, 0)), Model, options);

    public void Dispose() => Index.Dispose();
}

/// <summary>Instants given as Amsterdam wall-clock times, in a winter week (CET, UTC+1) with no holidays to think about.</summary>
internal static class AmsterdamClock
{
    private static readonly TimeZoneInfo Amsterdam = IndBot.Answers.Desks.AmsterdamTime.Zone;

    // Monday 12 January 2026.
    private static readonly DateTime Monday = new(2026, 1, 12);

    public static DateTimeOffset At(DayOfWeek day, int hour, int minute)
    {
        var local = DateTime.SpecifyKind(Monday.AddDays(((int)day + 6) % 7).AddHours(hour).AddMinutes(minute), DateTimeKind.Unspecified);
        var utc = TimeZoneInfo.ConvertTimeToUtc(local, Amsterdam);
        return new DateTimeOffset(utc, TimeSpan.Zero);
    }
}
