using System.Text.Json;
using IndBot.Answers.Decisions;
using IndBot.Answers.Evaluation;
using IndBot.Answers.Retrieval;
using IndBot.Hosting;
using IndBot.Knowledge;
using Microsoft.Extensions.Configuration;

namespace IndBot.Cli;

/// <summary>The staff command line on the bot's own executable: ask, check, eval, report (and teams-package).</summary>
public static class StaffCommandLine
{
    private static readonly string[] Commands = ["ask", "check", "eval", "report", "teams-package", "help", "--help", "-h"];

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
                "ask" => await AskAsync(args, knowledgePath, input, output, error),
                "check" => Check(knowledgePath, output, error),
                "eval" => Eval(args, knowledgePath, output, error),
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
              check                                      validate knowledge/ and list every problem with file and line
              eval FILE [--min 0.9]                      run a question file (expected<TAB>language<TAB>question) and report accuracy and misses
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

    private static AnswerEngine LoadEngine(string knowledgePath)
    {
        var knowledge = KnowledgeLoader.Load(knowledgePath);
        return new AnswerEngine(KnowledgeIndex.Build(knowledge), TimeProvider.System);
    }

    private static async Task<int> AskAsync(string[] args, string knowledgePath, TextReader input, TextWriter output, TextWriter error)
    {
        var json = args.Contains("--json");
        var locale = Option(args, "--locale");
        var questions = args.Skip(1)
            .Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i].StartsWith("--", StringComparison.Ordinal) || args[i] == "--json"))
            .ToList();
        var engine = LoadEngine(knowledgePath);
        if (questions.Count > 0)
        {
            Print(engine.Decide(new Question(string.Join(' ', questions)) { Locale = locale }), string.Join(' ', questions), json, output);
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

            var decision = engine.Decide(new Question(line) { Locale = locale, Context = context });
            context = decision.Context;
            Print(decision, line, json, output);
        }

        return 0;
    }

    private static void Print(Decision decision, string question, bool json, TextWriter output)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                question = Answers.Text.PersonalData.Redact(question).Text,
                kind = decision.Kind.ToString().ToLowerInvariant(),
                text = decision.Text,
                entryId = decision.EntryId,
                confidence = decision.Confidence,
                language = decision.Language,
                candidates = decision.Candidates.Select(c => new { entryId = c.EntryId, title = c.Title, score = c.Score }),
                options = decision.Options.Select(o => new { entryId = o.EntryId, title = o.Title, question = o.Question }),
                corrections = decision.Corrections,
            }));
            return;
        }

        output.WriteLine(decision.Text);
        output.WriteLine();
        output.WriteLine($"kind: {decision.Kind.ToString().ToLowerInvariant()}   entry: {decision.EntryId ?? "-"}   confidence: {decision.Confidence:0.000}   language: {decision.Language}");
        if (decision.Corrections.Count > 0)
        {
            output.WriteLine($"typos corrected: {string.Join(", ", decision.Corrections)}");
        }

        if (decision.Candidates.Count > 0)
        {
            output.WriteLine("candidates:");
            foreach (var c in decision.Candidates)
            {
                output.WriteLine($"  {c.Score:0.000}  {c.EntryId}  ({c.Title})");
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
            output.WriteLine($"OK: {knowledge.Faqs.Count} FAQ entries, {knowledge.Desks.Count} desks, {knowledge.Contacts.Count} contact channels, {knowledge.SmallTalk.Count} small-talk intents in {knowledgePath}");
            return 0;
        }

        foreach (var problem in problems)
        {
            error.WriteLine(problem);
        }

        error.WriteLine($"{problems.Count} problem(s) in {knowledgePath}");
        return 1;
    }

    /// <summary>Every problem: loading, analysis (synonyms, word lists) and the question set.</summary>
    public static IReadOnlyList<KnowledgeProblem> Validate(string knowledgePath)
    {
        var (knowledge, problems) = KnowledgeLoader.TryLoad(knowledgePath);
        if (knowledge is null)
        {
            return problems;
        }

        var (index, analysisProblems) = KnowledgeIndex.TryBuild(knowledge);
        index?.Dispose();
        var all = analysisProblems.ToList();
        var questions = Path.Combine(knowledgePath, "eval", "questions.tsv");
        if (File.Exists(questions))
        {
            all.AddRange(EvalSet.Load(questions, knowledge).Problems.Select(p => p with { File = "eval/" + p.File }));
        }

        return all;
    }

    private static int Eval(string[] args, string knowledgePath, TextWriter output, TextWriter error)
    {
        var file = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? Path.Combine(knowledgePath, "eval", "questions.tsv");
        var engine = LoadEngine(knowledgePath);
        var (questions, problems) = EvalSet.Load(file, engine.Knowledge);
        foreach (var problem in problems)
        {
            error.WriteLine(problem);
        }

        if (questions.Count == 0)
        {
            error.WriteLine($"No questions in {file}.");
            return 1;
        }

        var outcomes = EvalRunner.Run(engine, questions);
        output.WriteLine("Misses:");
        foreach (var miss in outcomes.Where(o => !o.Correct))
        {
            var got = miss.Decision.Kind == DecisionKind.Answer ? miss.Decision.EntryId : miss.Decision.Kind.ToString().ToLowerInvariant();
            var options = miss.Decision.Options.Count > 0 ? $" [{string.Join(", ", miss.Decision.Options.Select(o => o.EntryId))}]" : "";
            output.WriteLine($"  line {miss.Question.Line} ({miss.Question.Language}): expected {miss.Question.Expected}, got {got}{options} ({miss.Decision.Confidence:0.00}): {miss.Question.Question}");
        }

        output.WriteLine();
        output.WriteLine("language  in-scope  top-1            clarified  wrong answers  out-of-scope  refused");
        var minimum = double.TryParse(Option(args, "--min"), System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 0;
        var failed = false;
        foreach (var language in Languages.All.Append("all"))
        {
            var s = EvalRunner.Score(outcomes, language);
            output.WriteLine($"{language,-9} {s.InScope,8}  {s.Top1,4} ({s.Top1Accuracy,6:P1})  {s.Clarified,9}  {s.WrongAnswers,13}  {s.OutOfScope,12}  {s.Refused,4} ({s.RefusalAccuracy:P1})");
            failed |= s.Top1Accuracy < minimum || s.RefusalAccuracy < minimum;
        }

        return failed ? 1 : 0;
    }
}
