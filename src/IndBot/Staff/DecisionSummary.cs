using IndBot.Answers.Decisions;
using IndBot.Answers.Evaluation;
using IndBot.Answers.Text;
using IndBot.Replies;

namespace IndBot.Staff;

/// <summary>What the engine exposes about one decision, as <c>ask --json</c> prints it and the test pane shows it.</summary>
public static class DecisionSummary
{
    public static object Describe(Decision decision, string question, ReplyText text, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(text);
        return new
        {
            question = PersonalData.Redact(question ?? string.Empty).Text,
            kind = decision.Kind.ToString().ToLowerInvariant(),
            text = text.Full(decision, now),
            entryId = decision.EntryId,
            answers = decision.Answers.Select(a => a.Topic.Id),
            smallTalk = decision.SmallTalkIntent,
            verdict = EvalOutcome.Verdict(decision),
            confidence = decision.Confidence,
            reason = decision.Reason?.ToString(),
            language = decision.Language,
            languageReason = decision.LanguageReason,
            candidates = decision.Candidates.Select(c => new { entryId = c.EntryId, title = c.Title, probability = c.Score, phrasing = c.Phrasing, features = c.Features }),
            options = decision.Options.Select(o => new { entryId = o.EntryId, title = o.Title, question = o.Question }),
            corrections = decision.Corrections,
        };
    }
}
