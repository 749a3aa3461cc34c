using IndBot.Answers.Text;

namespace IndBot.Feedback;

/// <summary>Questions that are the same after normalisation (case, accents, punctuation, spacing), or near the same candidate.</summary>
public sealed record QuestionGroup(string Key, string Example, int Count, IReadOnlyList<string> Languages, string? Nearest, IReadOnlyList<string> Offered);

public sealed record VoteTally(string EntryId, int No, int Yes, IReadOnlyList<string> Languages);

public sealed record ChoiceGroup(string Question, string EntryId, int Count, string? Language);

public sealed record DayCount(DateOnly Day, int Unanswered, int Clarified);

/// <summary>The figures of <c>indbot report</c> and the staff page "What visitors missed", from stored (redacted) records.</summary>
public static class FeedbackSummary
{
    public static IReadOnlyList<QuestionGroup> Unanswered(IReadOnlyList<FeedbackRecord> records, int top, bool byCandidate = false) =>
        Groups(records.Where(r => r.Kind == FeedbackKinds.Fallback), top, byCandidate);

    public static IReadOnlyList<QuestionGroup> Clarified(IReadOnlyList<FeedbackRecord> records, int top) =>
        Groups(records.Where(r => r.Kind == FeedbackKinds.Clarification), top, byCandidate: false);

    public static IReadOnlyList<VoteTally> Votes(IReadOnlyList<FeedbackRecord> records, int top) =>
        records.Where(r => r.Kind == FeedbackKinds.Vote && r.Helpful is not null)
            .GroupBy(r => r.EntryId ?? "(no entry)")
            .Select(g => new VoteTally(g.Key, g.Count(r => r.Helpful == false), g.Count(r => r.Helpful == true),
                g.Where(r => r.Helpful == false).Select(r => r.Language).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList()))
            .Where(e => e.No > 0)
            .OrderByDescending(e => e.No)
            .ThenBy(e => e.EntryId, StringComparer.Ordinal)
            .Take(top)
            .ToList();

    public static IReadOnlyList<ChoiceGroup> Choices(IReadOnlyList<FeedbackRecord> records, int top) =>
        records.Where(r => r.Kind == FeedbackKinds.Choice && r.EntryId is not null && !string.IsNullOrWhiteSpace(r.Question))
            .GroupBy(r => (Question: Normalized(r.Question!), Entry: r.EntryId!))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Entry, StringComparer.Ordinal)
            .Take(top)
            .Select(g => new ChoiceGroup(MostCommon(g.Select(r => r.Question!))!, g.Key.Entry, g.Count(), MostCommon(g.Select(r => r.Language).OfType<string>())))
            .ToList();

    /// <summary>Unanswered and clarified questions per day (UTC), every day from the first record to the last.</summary>
    public static IReadOnlyList<DayCount> PerDay(IReadOnlyList<FeedbackRecord> records)
    {
        var counted = records.Where(r => r.Kind is FeedbackKinds.Fallback or FeedbackKinds.Clarification).ToList();
        if (counted.Count == 0)
        {
            return [];
        }

        var byDay = counted.GroupBy(r => DateOnly.FromDateTime(r.At.UtcDateTime)).ToDictionary(g => g.Key, g => g.ToList());
        var days = new List<DayCount>();
        for (var day = byDay.Keys.Min(); day <= byDay.Keys.Max(); day = day.AddDays(1))
        {
            var list = byDay.GetValueOrDefault(day) ?? [];
            days.Add(new DayCount(day, list.Count(r => r.Kind == FeedbackKinds.Fallback), list.Count(r => r.Kind == FeedbackKinds.Clarification)));
        }

        return days;
    }

    public static string Normalized(string question)
    {
        var normalized = UserText.Normalize(question);
        return normalized.Length > 0 ? normalized : question.Trim();
    }

    public static string? MostCommon(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();

    private static List<QuestionGroup> Groups(IEnumerable<FeedbackRecord> records, int top, bool byCandidate) =>
        records.Where(r => !string.IsNullOrWhiteSpace(r.Question))
            .GroupBy(r => byCandidate ? r.TopCandidate ?? "(no candidate)" : Normalized(r.Question!))
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(g => new QuestionGroup(
                g.Key,
                MostCommon(g.Select(r => r.Question!))!,
                g.Count(),
                g.Select(r => r.Language).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList(),
                MostCommon(g.Select(r => r.TopCandidate).OfType<string>()),
                g.SelectMany(r => r.Options ?? []).Distinct().ToList()))
            .ToList();
}
