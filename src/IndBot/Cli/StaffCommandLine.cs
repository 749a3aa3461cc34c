using System.Text.Json;
using IndBot.Answers.Decisions;
using IndBot.Answers.Evaluation;
using IndBot.Answers.Desks;
using IndBot.Answers.Learning;
using IndBot.Snapshots;
using IndBot.Knowledge;
using IndBot.Replies;
using Microsoft.Extensions.Configuration;

namespace IndBot.Cli;

/// <summary>The staff command line on the bot's own executable: ask, check, eval, report (and teams-package).</summary>
public static class StaffCommandLine
{
    private static readonly string[] Commands = ["ask", "check", "eval", "train", "report", "teams-package", "help", "--help", "-h"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var knowledgePath = Option(args, "--knowledge") ?? KnowledgeLocator.Find(configuration["Knowledge:Path"]);
        try
        {
            return args[0] switch
            {
                "ask" => await AskAsync(args, knowledgePath, input, output),
                "check" => Check(knowledgePath, output, error),
                "eval" => Eval(args, knowledgePath, output, error),
                "train" => Train(knowledgePath, output, args.Contains("--misses")),
                "report" => await FeedbackReport.RunAsync(args, configuration, output),
                "teams-package" => await TeamsPackage.RunAsync(args, output, error),
                _ => Help(output),
            };
        }
        catch (KnowledgeException e)
        {
            await error.WriteLineAsync($"The knowledge in {knowledgePath} has problems; run 'check' to list them. First: {e.Problems[0]}");
            return 1;
        }
    }

    private static int Help(TextWriter output)
    {
        output.WriteLine("""
            IndBot staff commands (run with: dotnet run --project src/IndBot -- <command>)
              ask "question" [--json] [--locale nl-NL]   answer one question; without a question, one per line from standard input
              check                                      validate knowledge/ (and the question corpus and decision model) with file and line
              eval [FILE | --split train|dev|test] [--min 0.95] [--misses]
                                                         run labelled messages and report figures per language and category
              train [--misses]                           rebuild the decision model in knowledge/model/ from the corpus' train split,
                                                         with its operating point chosen on dev (the test split is never read)
              report [--file PATH] [--top 20] [--by-candidate]   unanswered questions, "no" votes, clarification choices
              teams-package --app-id ID --endpoint URL --out FILE.zip   write the Teams app package
            Options: --knowledge PATH   use another knowledge folder
            """);
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static async Task<int> AskAsync(string[] args, string knowledgePath, TextReader input, TextWriter output)
    {
        var json = args.Contains("--json");
        var locale = Option(args, "--locale");
        var questions = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is "--locale" or "--knowledge")
            {
                i++;
            }
            else if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                questions.Add(args[i]);
            }
        }

        var knowledge = KnowledgeLoader.Load(knowledgePath);
        using var loaded = EngineFactory.Build(knowledge, TimeProvider.System);
        var text = new ReplyText(knowledge);
        if (questions.Count > 0)
        {
            var question = string.Join(' ', questions);
            Print(loaded.Engine.Decide(new Question(question) { Locale = locale }), question, json, text, output);
            return 0;
        }

        // Batch mode: one question per line; the conversation carries on, as in a chat.
        var context = ConversationContext.Empty;
        string? line;
        while ((line = await input.ReadLineAsync()) is not null)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var decision = loaded.Engine.Decide(new Question(line) { Locale = locale, Context = context });
            context = decision.Context;
            Print(decision, line, json, text, output);
        }

        return 0;
    }

    private static void Print(Decision decision, string question, bool json, ReplyText text, TextWriter output)
    {
        var now = AmsterdamTime.Now(TimeProvider.System);
        var verdict = EvalOutcome.Verdict(decision);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(Staff.DecisionSummary.Describe(decision, question, text, now)));
            return;
        }

        output.WriteLine(text.Full(decision, now));
        output.WriteLine();
        var answered = decision.Answers.Count > 0
            ? string.Join(" + ", decision.Answers.Select(a => a.Topic.Id)) + (decision.SmallTalk is { } beside ? $" (after small talk {beside.Id})" : "")
            : decision.SmallTalkIntent ?? "-";
        output.WriteLine($"kind: {decision.Kind.ToString().ToLowerInvariant()}{(decision.Reason is { } r ? $" ({r})" : "")}   entry: {answered}   "
            + $"confidence: {decision.Confidence:0.000}{(verdict is { } v ? $"   verdict: {(v ? "yes" : "no")}" : "")}   language: {decision.Language} ({decision.LanguageReason})");
        if (decision.Corrections.Count > 0)
        {
            output.WriteLine($"typos corrected: {string.Join(", ", decision.Corrections)}");
        }

        if (decision.Candidates.Count > 0)
        {
            output.WriteLine("candidates (probability, entry, best phrasing):");
            foreach (var c in decision.Candidates)
            {
                output.WriteLine($"  {c.Score:0.000}  {c.EntryId}  ({c.Title}){(c.Phrasing is null ? "" : $"  \"{c.Phrasing}\"")}");
            }
        }

        output.WriteLine();
    }

    private static int Check(string knowledgePath, TextWriter output, TextWriter error)
    {
        var problems = Validate(knowledgePath);
        if (problems.Count == 0)
        {
            var knowledge = KnowledgeLoader.Load(knowledgePath);
            output.WriteLine($"OK: {knowledge.Faqs.Count} FAQ entries, {knowledge.Desks.Count} desks, {knowledge.Contacts.Count} contact channels, "
                + $"{knowledge.SmallTalk.Count} small-talk intents, {knowledge.Organisations.Count} other organisations, {knowledge.Places.Count} places in {knowledgePath}");
            return 0;
        }

        foreach (var problem in problems)
        {
            error.WriteLine(problem);
        }

        error.WriteLine($"{problems.Count} problem(s) in {knowledgePath}");
        return 1;
    }

    /// <summary>Every problem: loading, analysis (synonyms, word lists), the decision model and the question corpus.</summary>
    public static IReadOnlyList<KnowledgeProblem> Validate(string knowledgePath)
    {
        var (knowledge, problems) = KnowledgeLoader.TryLoad(knowledgePath);
        if (knowledge is null)
        {
            return problems;
        }

        var (engine, engineProblems) = EngineFactory.TryBuild(knowledge, TimeProvider.System);
        engine?.Dispose();
        var all = engineProblems.ToList();
        foreach (var split in EvalCorpus.Splits)
        {
            all.AddRange(EvalCorpus.Load(knowledgePath, split, knowledge).Problems);
        }

        return all;
    }

    private static int Train(string knowledgePath, TextWriter output, bool misses)
    {
        var knowledge = KnowledgeLoader.Load(knowledgePath);
        var report = ModelTrainer.Train(knowledge, DecisionModel.Folder(knowledgePath), output);
        if (misses)
        {
            output.WriteLine("Misses (train out of fold, then dev):");
            foreach (var miss in report.Misses)
            {
                output.WriteLine("  " + MissLine(miss));
            }
        }

        output.WriteLine($"operating point: answer {report.OperatingPoint.Answer:0.00}, clarify {report.OperatingPoint.Clarify:0.00}, "
            + $"share {report.OperatingPoint.Share:0.00}, second question {report.OperatingPoint.Second:0.00}");
        foreach (var s in report.Dev)
        {
            output.WriteLine($"dev {s.Group}: right {s.RightShare:P1} of {s.InScope}, refused {s.RefusedShare:P1} of {s.OutOfScope}, "
                + $"verdicts {s.VerdictShare:P1} of {s.Verdicts}, clarifications {s.ClarificationShare:P1}");
        }

        output.WriteLine($"wrote {Path.Combine(DecisionModel.Folder(knowledgePath), DecisionModel.ModelFile)} and {DecisionModel.OperatingPointFile}");
        return 0;
    }

    private static int Eval(string[] args, string knowledgePath, TextWriter output, TextWriter error)
    {
        var knowledge = KnowledgeLoader.Load(knowledgePath);
        var split = Option(args, "--split");
        var file = split is null ? args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && a != Option(args, "--min") && a != Option(args, "--knowledge")) : null;
        var (questions, problems) = file is not null
            ? EvalSet.Load(file, knowledge)
            : EvalCorpus.Load(knowledgePath, split ?? EvalCorpus.Dev, knowledge);
        foreach (var problem in problems)
        {
            error.WriteLine(problem);
        }

        if (questions.Count == 0)
        {
            error.WriteLine($"No messages in {file ?? EvalCorpus.SplitPath(knowledgePath, split ?? EvalCorpus.Dev)}.");
            return 1;
        }

        // The corpus' "now": Wednesday 2 December 2026, 14:00 in Amsterdam.
        using var loaded = EngineFactory.Build(knowledge, new FixedTimeProvider(EvalRunner.CorpusTime));
        var outcomes = EvalRunner.Run(loaded.Engine, questions);
        if (args.Contains("--misses") || file is not null)
        {
            output.WriteLine("Misses:");
            foreach (var miss in outcomes.Where(o => !o.Correct))
            {
                output.WriteLine("  " + MissLine(miss));
            }

            output.WriteLine();
        }

        var minimum = double.TryParse(Option(args, "--min"), System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 0;
        output.WriteLine("group                    in scope   right            refused          verdicts         clarifications  wrong answers");
        var failed = false;
        foreach (var language in Languages.All.Append("all"))
        {
            var s = EvalRunner.Score(outcomes, language);
            output.WriteLine(Row(language, s));
            failed |= language != "all" && (s.RightShare < minimum || s.RefusedShare < minimum || s.VerdictShare < minimum);
        }

        // Answering more than was asked costs nothing above, so it is counted on its own: answers with a label the
        // message was not labelled with, next to every expected one.
        var beyond = outcomes.Count(o => o.InScope && o.Correct && o.Answered.Any(l => !o.Question.Labels.Contains(l)));
        output.WriteLine($"right, but with an answer beyond the expected: {beyond}");
        output.WriteLine();
        foreach (var category in outcomes.Select(o => o.Question.Category).Distinct().Order(StringComparer.Ordinal))
        {
            output.WriteLine(Row(category, EvalRunner.Score(outcomes, category, o => o.Question.Category == category)));
        }

        return failed ? 1 : 0;
    }

    private static string Row(string group, EvalScore s) =>
        $"{group,-24} {s.InScope,8}   {s.Right,4} ({s.RightShare,6:P1})   {s.Refused,4}/{s.OutOfScope,-4} ({s.RefusedShare,6:P1})   "
        + $"{s.VerdictsRight,3}/{s.Verdicts,-3} ({s.VerdictShare,6:P1})   {s.Clarifications,4} ({s.ClarificationShare,5:P1})   {s.WrongAnswers,5}";

    private static string MissLine(EvalOutcome miss) =>
        $"{Path.GetFileName(Path.GetDirectoryName(miss.Question.File))}/{Path.GetFileName(miss.Question.File)}:{miss.Question.Line} ({miss.Question.Language}, {miss.Question.Category}): "
        + $"expected {miss.Question.Expected}{(miss.Question.Verdict is { } v ? " " + v : "")}, got {miss.Got}: {miss.Question.Question}";

    /// <summary>A clock that always says the same time (the corpus' "now").</summary>
    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
