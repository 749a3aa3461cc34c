using IndBot.Answers.Decisions;
using IndBot.Knowledge;

namespace IndBot.Answers.Evaluation;

/// <summary>The outcome of one labelled message.</summary>
public sealed record EvalOutcome(EvalQuestion Question, Decision Decision)
{
    public bool InScope => Question.InScope;

    /// <summary>What the decision answered, as corpus labels (entry ids, <c>no-desk-here</c>, <c>smalltalk:…</c>).</summary>
    public IReadOnlyList<string> Answered => Labels(Decision);

    /// <summary>
    /// In scope: answered with every expected label (and, for a yes/no desk question, the right verdict). Out of scope:
    /// refused, i.e. the fallback (a "Did you mean" does not count as a refusal).
    /// </summary>
    public bool Correct => InScope
        ? Question.Labels.All(Answered.Contains) && (Question.Verdict is null || VerdictRight)
        : Decision.Kind == DecisionKind.Fallback;

    /// <summary>For a yes/no desk question: the answer's verdict equals the expected one.</summary>
    public bool VerdictRight => Question.Verdict is { } expected && Verdict(Decision) is { } got && got == (expected == "yes");

    /// <summary>In scope, not answered, but the expected entry is among the options.</summary>
    public bool Clarified => InScope && Decision.Kind == DecisionKind.Clarification && Decision.Options.Any(o => Question.Labels.Contains(o.EntryId));

    public bool WrongAnswer => Decision.Kind is DecisionKind.Answer or DecisionKind.SmallTalk && !Correct;

    /// <summary>What the bot did, in short (as <c>eval --misses</c> prints it): <c>answer biometrics</c>, <c>clarification [a, b]</c>, <c>fallback …</c>.</summary>
    public string Got => Decision.Kind switch
    {
        DecisionKind.Answer => "answer " + string.Join("+", Answered) + (Verdict(Decision) is { } v ? (v ? " yes" : " no") : ""),
        DecisionKind.Clarification => $"clarification [{string.Join(", ", Decision.Options.Select(o => o.EntryId))}]",
        DecisionKind.SmallTalk => "small talk " + Decision.SmallTalkIntent,
        _ => "fallback " + Decision.Reason,
    };

    public static IReadOnlyList<string> Labels(Decision decision) => decision.Kind switch
    {
        DecisionKind.SmallTalk => [EvalSet.SmallTalkPrefix + decision.SmallTalkIntent],
        DecisionKind.Answer => decision.Answers.Select(a => a.Desks?.PlaceWithoutDesk is not null ? EvalSet.NoDeskHere : a.Topic.Id)
            .Concat(decision.SmallTalk is { } beside ? [EvalSet.SmallTalkPrefix + beside.Id] : [])
            .ToList(),
        _ => [],
    };

    public static bool? Verdict(Decision decision) =>
        decision.Answers.Select(a => a.Desk?.Verdict ?? a.Desks?.Verdict).FirstOrDefault(v => v is not null);
}

/// <summary>Figures of a group of messages (a language, a category, a split).</summary>
public sealed record EvalScore(string Group, int InScope, int Right, int Clarifications, int WrongAnswers, int OutOfScope, int Refused, int Verdicts, int VerdictsRight)
{
    public double RightShare => InScope == 0 ? 1 : (double)Right / InScope;
    public double RefusedShare => OutOfScope == 0 ? 1 : (double)Refused / OutOfScope;
    public double VerdictShare => Verdicts == 0 ? 1 : (double)VerdictsRight / Verdicts;
    public double ClarificationShare => InScope == 0 ? 0 : (double)Clarifications / InScope;
}

/// <summary>
/// Runs labelled messages through the engine, each in a fresh conversation that first sends its context messages,
/// at a fixed time: Wednesday 2 December 2026, 14:00 in Amsterdam (the time the corpus' writers were given).
/// </summary>
public static class EvalRunner
{
    /// <summary>"Now" for the corpus: Wednesday 2 December 2026, 14:00 Europe/Amsterdam (13:00 UTC).</summary>
    public static DateTimeOffset CorpusTime { get; } = new(2026, 12, 2, 13, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<EvalOutcome> Run(IAnswerEngine engine, IEnumerable<EvalQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return questions.Select(q => new EvalOutcome(q, engine.Decide(new Question(q.Question) { Context = ContextFor(engine, q) }))).ToList();
    }

    /// <summary>The conversation context after the message's earlier messages.</summary>
    public static ConversationContext ContextFor(IAnswerEngine engine, EvalQuestion question)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(question);
        var context = ConversationContext.Empty;
        foreach (var earlier in question.Context)
        {
            context = engine.Decide(new Question(earlier) { Context = context }).Context;
        }

        return context;
    }

    public static EvalScore Score(IEnumerable<EvalOutcome> outcomes, string group, Func<EvalOutcome, bool>? filter = null)
    {
        var list = outcomes.Where(filter ?? (o => group == "all" || o.Question.Language == group)).ToList();
        var inScope = list.Where(o => o.InScope).ToList();
        var outOfScope = list.Where(o => !o.InScope).ToList();
        var verdicts = list.Where(o => o.Question.Verdict is not null).ToList();
        return new EvalScore(
            group,
            inScope.Count,
            inScope.Count(o => o.Correct),
            inScope.Count(o => o.Decision.Kind == DecisionKind.Clarification),
            inScope.Count(o => o.WrongAnswer),
            outOfScope.Count,
            outOfScope.Count(o => o.Correct),
            verdicts.Count,
            verdicts.Count(o => o.VerdictRight));
    }
}
