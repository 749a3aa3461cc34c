using IndBot.Answers.Decisions;
using IndBot.Answers.Text;
using IndBot.Knowledge;
using IndBot.Snapshots;
using Microsoft.Extensions.DependencyInjection;

namespace IndBot.Tests.Infrastructure;

/// <summary>
/// The real engine, except that one vague word gets a "Did you mean" with three entries: the bot's clarification flow
/// (buttons, the choice record, the answer to a chosen option) tested without depending on what the learned decision
/// makes of a particular word.
/// </summary>
public sealed class VagueWordEngine(IAnswerEngine real, KnowledgeBase knowledge, string word) : IAnswerEngine
{
    public static readonly string[] OptionIds = ["travel-schengen", "return-visa", "travel-outside-schengen"];

    public Decision Decide(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (UserText.Normalize(question.Text) != word)
        {
            return real.Decide(question);
        }

        var language = question.Locale?.StartsWith("nl", StringComparison.OrdinalIgnoreCase) == true ? Languages.Dutch : Languages.English;
        return new Decision
        {
            Kind = DecisionKind.Clarification,
            Language = language,
            Confidence = 0.4,
            Options = OptionIds.Select(id => knowledge.Faqs.Single(f => f.Id == id)).Select(f => new ClarificationOption(f.Id, f.Title[language], f.Question[language])).ToList(),
            Context = question.Context with { Language = language },
        };
    }

    /// <summary>Makes <paramref name="word"/> vague for the bot that <paramref name="factory"/> hosts.</summary>
    public static void Install(IndBotFactory factory, string word)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var state = factory.Services.GetRequiredService<KnowledgeState>();
        // Held for the rest of the test: the vague engine answers through the loaded one, whose index must stay open.
        var current = state.Acquire()!;
        state.Publish(new KnowledgeSnapshot(current.Knowledge, new VagueWordEngine(current.Engine, current.Knowledge, word), DateTimeOffset.UtcNow), state.Path!, DateTimeOffset.UtcNow);
    }
}
