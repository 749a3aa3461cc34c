using IndBot.Answers.Text;
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
        var fallbacks = records.Where(r => r.Kind == FeedbackKinds.Fallback && !string.IsNullOrWhiteSpace(r.Question)).ToList();
        output.WriteLine($"Top unanswered questions ({fallbacks.Count} fallbacks):");
        if (fallbacks.Count == 0)
        {
            output.WriteLine("  none");
        }

        // Same words after normalisation (case, accents, punctuation, spacing) = the same question.
        var groups = fallbacks
            .GroupBy(r => byCandidate ? r.TopCandidate ?? "(no candidate)" : Normalized(r.Question!))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(top);
        foreach (var group in groups)
        {
            var example = MostCommon(group.Select(r => r.Question!));
            var languages = string.Join("/", group.Select(r => r.Language).OfType<string>().Distinct().Order(StringComparer.Ordinal));
            if (byCandidate)
            {
                output.WriteLine($"  {group.Count(),5}  near {group.Key} ({languages}), e.g. \"{example}\"");
            }
            else
            {
                var candidate = MostCommon(group.Select(r => r.TopCandidate).OfType<string>());
                output.WriteLine($"  {group.Count(),5}  \"{example}\" ({languages}){(candidate is null ? "" : $"  nearest: {candidate}")}");
            }
        }

        output.WriteLine();
    }

    private static void WriteVotes(IReadOnlyList<FeedbackRecord> records, TextWriter output, int top)
    {
        var votes = records.Where(r => r.Kind == FeedbackKinds.Vote && r.Helpful is not null).ToList();
        var unhelpful = votes
            .GroupBy(r => r.EntryId ?? "(no entry)")
            .Select(g => (Entry: g.Key, No: g.Count(r => r.Helpful == false), Yes: g.Count(r => r.Helpful == true),
                Languages: string.Join("/", g.Where(r => r.Helpful == false).Select(r => r.Language).OfType<string>().Distinct().Order(StringComparer.Ordinal))))
            .Where(e => e.No > 0)
            .OrderByDescending(e => e.No)
            .ThenBy(e => e.Entry, StringComparer.Ordinal)
            .Take(top)
            .ToList();
        output.WriteLine($"Entries with the most \"no\" votes ({votes.Count(v => v.Helpful == false)} of {votes.Count} votes):");
        if (unhelpful.Count == 0)
        {
            output.WriteLine("  none");
        }

        foreach (var entry in unhelpful)
        {
            output.WriteLine($"  {entry.No,5} no  {entry.Yes,5} yes  {entry.Entry} ({entry.Languages})");
        }

        output.WriteLine();
    }

    private static void WriteChoices(IReadOnlyList<FeedbackRecord> records, TextWriter output, int top)
    {
        var choices = records.Where(r => r.Kind == FeedbackKinds.Choice && r.EntryId is not null && !string.IsNullOrWhiteSpace(r.Question)).ToList();
        var asked = records.Count(r => r.Kind == FeedbackKinds.Clarification);
        output.WriteLine($"Clarification choices: alternate phrasings to consider ({choices.Count} choices after {asked} clarifications):");
        if (choices.Count == 0)
        {
            output.WriteLine("  none");
        }

        var groups = choices
            .GroupBy(r => (Question: Normalized(r.Question!), Entry: r.EntryId!))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Entry, StringComparer.Ordinal)
            .Take(top);
        foreach (var group in groups)
        {
            var language = MostCommon(group.Select(r => r.Language).OfType<string>());
            output.WriteLine($"  {group.Count(),5}  users who asked \"{MostCommon(group.Select(r => r.Question!))}\" chose {group.Key.Entry}{(language is null ? "" : $" ({language})")}");
        }

        output.WriteLine();
    }

    private static string Normalized(string question)
    {
        var normalized = UserText.Normalize(question);
        return normalized.Length > 0 ? normalized : question.Trim();
    }

    private static string? MostCommon(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
