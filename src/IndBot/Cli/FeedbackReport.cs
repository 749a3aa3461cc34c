using IndBot.Feedback;
using IndBot.State;
using Microsoft.Extensions.Configuration;

namespace IndBot.Cli;

/// <summary>
/// <c>indbot report</c>: what staff should look at — the questions the bot could not answer (grouped when they are the
/// same after normalisation, or by the engine's best rejected candidate), the entries users voted unhelpful, and the
/// clarification choices that suggest new alternate phrasings.
/// </summary>
public static class FeedbackReport
{
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configuration);
        var top = int.TryParse(Option(args, "--top"), out var n) && n > 0 ? n : 20;
        var byCandidate = args.Contains("--by-candidate");
        IFeedbackStore store;
        RedisConnection? redis = null;
        if (Option(args, "--file") is { } file)
        {
            store = new JsonLinesFeedbackStore(file);
        }
        else if (configuration.GetConnectionString("Redis") is { Length: > 0 } connectionString && !string.IsNullOrWhiteSpace(connectionString))
        {
            redis = new RedisConnection(connectionString);
            store = new RedisFeedbackStore(redis);
        }
        else
        {
            store = new JsonLinesFeedbackStore(FeedbackOptions.Resolve(configuration["Feedback:Path"], Directory.GetCurrentDirectory()));
        }

        try
        {
            var records = await store.ReadAllAsync();
            Write(records, store.Description, output, top, byCandidate);
            return 0;
        }
        finally
        {
            if (redis is not null)
            {
                await redis.DisposeAsync();
            }
        }
    }

    /// <summary>Writes the report for <paramref name="records"/>.</summary>
    public static void Write(IReadOnlyList<FeedbackRecord> records, string source, TextWriter output, int top = 20, bool byCandidate = false)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"Feedback report: {records.Count} records from {source}");
        if (records.Count > 0)
        {
            output.WriteLine($"  from {records.Min(r => r.At):yyyy-MM-dd HH:mm} to {records.Max(r => r.At):yyyy-MM-dd HH:mm} UTC");
        }

        output.WriteLine();
        WriteUnanswered(records, output, top, byCandidate);
        WriteVotes(records, output, top);
        WriteChoices(records, output, top);
    }

    private static void WriteUnanswered(IReadOnlyList<FeedbackRecord> records, TextWriter output, int top, bool byCandidate)
    {
        var fallbacks = records.Count(r => r.Kind == FeedbackKinds.Fallback && !string.IsNullOrWhiteSpace(r.Question));
        output.WriteLine($"Top unanswered questions ({fallbacks} fallbacks):");
        if (fallbacks == 0)
        {
            output.WriteLine("  none");
        }

        foreach (var group in FeedbackSummary.Unanswered(records, top, byCandidate))
        {
            var languages = string.Join("/", group.Languages);
            if (byCandidate)
            {
                output.WriteLine($"  {group.Count,5}  near {group.Key} ({languages}), e.g. \"{group.Example}\"");
            }
            else
            {
                output.WriteLine($"  {group.Count,5}  \"{group.Example}\" ({languages}){(group.Nearest is null ? "" : $"  nearest: {group.Nearest}")}");
            }
        }

        output.WriteLine();
    }

    private static void WriteVotes(IReadOnlyList<FeedbackRecord> records, TextWriter output, int top)
    {
        var votes = records.Where(r => r.Kind == FeedbackKinds.Vote && r.Helpful is not null).ToList();
        var unhelpful = FeedbackSummary.Votes(records, top);
        output.WriteLine($"Entries with the most \"no\" votes ({votes.Count(v => v.Helpful == false)} of {votes.Count} votes):");
        if (unhelpful.Count == 0)
        {
            output.WriteLine("  none");
        }

        foreach (var entry in unhelpful)
        {
            output.WriteLine($"  {entry.No,5} no  {entry.Yes,5} yes  {entry.EntryId} ({string.Join("/", entry.Languages)})");
        }

        output.WriteLine();
    }

    private static void WriteChoices(IReadOnlyList<FeedbackRecord> records, TextWriter output, int top)
    {
        var choices = records.Count(r => r.Kind == FeedbackKinds.Choice && r.EntryId is not null && !string.IsNullOrWhiteSpace(r.Question));
        var asked = records.Count(r => r.Kind == FeedbackKinds.Clarification);
        output.WriteLine($"Clarification choices: alternate phrasings to consider ({choices} choices after {asked} clarifications):");
        if (choices == 0)
        {
            output.WriteLine("  none");
        }

        foreach (var group in FeedbackSummary.Choices(records, top))
        {
            output.WriteLine($"  {group.Count,5}  users who asked \"{group.Question}\" chose {group.EntryId}{(group.Language is null ? "" : $" ({group.Language})")}");
        }

        output.WriteLine();
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
