using IndBot.Answers.Decisions;
using IndBot.Knowledge;

namespace IndBot.Answers.Evaluation;

/// <summary>The outcome of one question of the question set.</summary>
public sealed record EvalOutcome(EvalQuestion Question, Decision Decision)
{
    public bool InScope => Question.Expected != EvalSet.None;

    /// <summary>In scope: answered with the expected entry. Out of scope: not answered (fallback or clarification).</summary>
    public bool Correct => InScope
        ? Decision.Kind == DecisionKind.Answer && Decision.EntryId == Question.Expected
        : Decision.Kind is DecisionKind.Fallback or DecisionKind.Clarification;

    /// <summary>In scope, not answered, but the expected entry is among the "Did you mean" options.</summary>
    public bool Clarified => InScope && Decision.Kind == DecisionKind.Clarification && Decision.Options.Any(o => o.EntryId == Question.Expected);
}

/// <summary>Accuracy of one language (or all): top-1 on in-scope questions, correct refusals on out-of-scope ones.</summary>
public sealed record EvalScore(string Language, int InScope, int Top1, int Clarified, int WrongAnswers, int OutOfScope, int Refused)
{
    public double Top1Accuracy => InScope == 0 ? 1 : (double)Top1 / InScope;
    public double RefusalAccuracy => OutOfScope == 0 ? 1 : (double)Refused / OutOfScope;
}

/// <summary>Runs a question set through the engine, each question in a fresh conversation.</summary>
public static class EvalRunner
{
    public static IReadOnlyList<EvalOutcome> Run(IAnswerEngine engine, IEnumerable<EvalQuestion> questions) =>
        questions.Select(q => new EvalOutcome(q, engine.Decide(new Question(q.Question) { Locale = null }))).ToList();

    public static EvalScore Score(IEnumerable<EvalOutcome> outcomes, string language)
    {
        var list = outcomes.Where(o => language == "all" || o.Question.Language == language).ToList();
        var inScope = list.Where(o => o.InScope).ToList();
        var outOfScope = list.Where(o => !o.InScope).ToList();
        return new EvalScore(
            language,
            inScope.Count,
            inScope.Count(o => o.Correct),
            inScope.Count(o => o.Clarified),
            inScope.Count(o => o.Decision.Kind == DecisionKind.Answer && o.Decision.EntryId != o.Question.Expected),
            outOfScope.Count,
            outOfScope.Count(o => o.Correct));
    }
}
