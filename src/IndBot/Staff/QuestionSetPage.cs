using System.Globalization;
using System.Text;
using IndBot.Answers.Evaluation;
using IndBot.Knowledge;
using IndBot.Snapshots;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using static IndBot.Staff.StaffPage;

namespace IndBot.Staff;

/// <summary>"Question set": the corpus' dev split or an uploaded file run against the live knowledge, with the difference from the last run.</summary>
public static class QuestionSetPage
{
    public const string Path = "questions";
    public const string Title = "Question set";
    public const int MaxBytes = 1024 * 1024;
    public const int MaxLines = 5000;
    private const int ShownProblems = 10;

    public static IResult Render(HttpContext http, QuestionSetRunner runner)
    {
        var body = new StringBuilder(Forms(http));
        if (runner.Last is { } last)
        {
            body.Append($"<section aria-labelledby=\"last-run\"><h2 id=\"last-run\">Last run</h2><p>{About(last)} Run again to see its misses.</p>");
            body.Append(FigureTables(last, previous: null)).Append("</section>");
        }
        else
        {
            body.Append("<p>No run since this server started.</p>");
        }

        return StaffPage.Render(http, Path, Title, body.ToString());
    }

    public static async Task<IResult> RunAsync(HttpContext http, QuestionSetRunner runner, KnowledgeState knowledge, IAntiforgery antiforgery)
    {
        // A too large upload is refused before the form is read (the antiforgery check reads it).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes + 64 * 1024;
        }

        if (http.Request.ContentLength > MaxBytes + 64 * 1024)
        {
            return Failed(http, runner, $"The file is too large: at most {MaxBytes / 1024 / 1024} MB and {MaxLines:N0} lines.");
        }

        if (!http.Request.HasFormContentType)
        {
            return Failed(http, runner, "Send the form from the page.");
        }

        IFormCollection form;
        try
        {
            await antiforgery.ValidateRequestAsync(http);
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (AntiforgeryValidationException)
        {
            return Failed(http, runner, "This page has expired; reload it and try again.");
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Failed(http, runner, $"The file could not be read: at most {MaxBytes / 1024 / 1024} MB and {MaxLines:N0} lines, sent from this page.");
        }

        QuestionSetRunner.Upload? upload = null;
        if (form["source"] == "upload")
        {
            var (read, problems) = await ReadUploadAsync(form.Files["file"], knowledge.Current?.Knowledge, http.RequestAborted);
            if (read is null)
            {
                return Failed(http, runner, problems[0], problems.Skip(1).ToList());
            }

            upload = read;
        }
        else if (form["source"] != "dev")
        {
            return Failed(http, runner, "Choose the dev split or a file.");
        }

        var outcome = await runner.RunAsync(upload, StaffAccess.StaffName(http), http.RequestAborted);
        if (outcome.Result is not { } result)
        {
            return Failed(http, runner, outcome.Problem!, [], outcome.Status);
        }

        return StaffPage.Render(http, Path, Title, Forms(http) + Result(result));
    }

    /// <summary>The uploaded file's messages, or the problems (the first line is the headline, then the first problems found).</summary>
    public static async Task<(QuestionSetRunner.Upload? Upload, IReadOnlyList<string> Problems)> ReadUploadAsync(IFormFile? file, KnowledgeBase? knowledge, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return (null, ["Choose a question file to upload (it is empty or missing)."]);
        }

        if (file.Length > MaxBytes)
        {
            return (null, [$"The file is too large: at most {MaxBytes / 1024 / 1024} MB and {MaxLines:N0} lines."]);
        }

        if (knowledge is null)
        {
            return (null, ["The knowledge is not loaded yet; try again in a moment."]);
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return (null, ["The file is not UTF-8 text."]);
        }

        var lines = text.Split('\n');
        if (lines.Length > MaxLines + (text.EndsWith('\n') ? 1 : 0))
        {
            return (null, [$"The file has too many lines: at most {MaxLines:N0}."]);
        }

        var name = FileName(file.FileName);
        var (questions, problems) = EvalSet.Parse(lines, name, knowledge);
        if (problems.Count > 0)
        {
            var headline = $"The file has {problems.Count} {(problems.Count == 1 ? "problem" : "problems")}; nothing was run. Each line: expected, language, verdict, context, message, separated by tabs.";
            var shown = problems.Take(ShownProblems).Select(p => $"Line {p.Line}: {p.Message}").ToList();
            if (problems.Count > ShownProblems)
            {
                shown.Add($"… and {problems.Count - ShownProblems} more.");
            }

            return (null, [headline, .. shown]);
        }

        return questions.Count == 0
            ? (null, ["The file has no messages (only comments or empty lines)."])
            : (new QuestionSetRunner.Upload(name, questions), []);
    }

    private static string FileName(string? uploaded)
    {
        var name = System.IO.Path.GetFileName((uploaded ?? "").Replace('\\', '/')).Trim();
        name = new string(name.Where(c => !char.IsControl(c)).ToArray());
        return name.Length == 0 ? "upload.tsv" : name.Length > 80 ? name[..80] : name;
    }

    private static IResult Failed(HttpContext http, QuestionSetRunner runner, string headline, IReadOnlyList<string>? details = null, int status = StatusCodes.Status400BadRequest)
    {
        http.Response.StatusCode = status;
        var list = details is { Count: > 0 } ? "<ul>" + string.Concat(details.Select(d => $"<li>{E(d)}</li>")) + "</ul>" : "";
        var body = new StringBuilder(Forms(http));
        body.Append($"<div role=\"alert\" class=\"panel\"><p class=\"error\">{E(headline)}</p>{list}</div>");
        if (runner.Last is { } last)
        {
            body.Append($"<p class=\"hint\">The last run is unchanged: {About(last)}</p>");
        }

        return StaffPage.Render(http, Path, Title, body.ToString());
    }

    private static string Forms(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var token = $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
        var action = $"{StaffHostingExtensions.BasePath}/{Path}";
        return $"""
            <p class="hint">Labelled messages run through the live knowledge, as <code>eval</code> runs them: each in a new conversation, at the corpus' time (Wednesday 2 December 2026, 14:00 in Amsterdam).
            The last run's figures are kept in this server process's memory only, for the difference to the next run: not on disk, gone at a restart, and each server of a scaled-out bot keeps its own.
            An uploaded file's messages are shown on the result page only: never stored or logged.</p>
            <div class="row">
            <form method="post" action="{action}" class="panel" aria-label="Run the dev split">{token}<input type="hidden" name="source" value="dev">
            <p>The corpus' dev split (<code>knowledge/eval/corpus/dev</code>).</p>
            <button type="submit">Run the dev split</button></form>
            <form method="post" action="{action}" enctype="multipart/form-data" class="panel" aria-label="Run an uploaded file">{token}<input type="hidden" name="source" value="upload">
            <p><label for="question-file">Question file</label><br><span class="hint" id="question-file-hint">Tab-separated, UTF-8, as in the corpus: expected, language, verdict, context, message; at most 1 MB and {MaxLines:N0} lines.</span></p>
            <p><input type="file" id="question-file" name="file" accept=".tsv,.txt,text/tab-separated-values,text/plain" aria-describedby="question-file-hint" required></p>
            <button type="submit">Run the file</button></form>
            </div>
            """;
    }

    private static string About(QuestionSetSummary run) =>
        $"{run.Messages} messages from {E(run.Source)}, run at {run.At:yyyy-MM-dd HH:mm} (UTC) by {E(run.Staff)}.";

    private static string Result(QuestionSetResult result)
    {
        var html = new StringBuilder("<section aria-labelledby=\"result\"><h2 id=\"result\">Result</h2>");
        html.Append($"<p role=\"status\">{About(result.Summary)} {result.Misses.Count} {(result.Misses.Count == 1 ? "miss" : "misses")}.</p>");
        html.Append(result.Previous is { } previous
            ? $"<p>Compared with the last run: {About(previous)}{(previous.Source == result.Summary.Source ? "" : " <strong>That was a different question set</strong>, so every miss counts as new.")}</p>"
            : "<p>There is no earlier run since this server started, so there is no difference to show yet.</p>");
        html.Append(FigureTables(result.Summary, result.Previous));
        html.Append(Misses("misses", $"Misses ({result.Misses.Count})", result.Misses, "None: every message was answered as labelled."));
        if (result.Previous is not null)
        {
            var added = result.New.ToList();
            html.Append(Misses("new-misses", $"New since last run ({added.Count})", added, "No new misses."));
            html.Append(Misses("fixed", $"Fixed since last run ({result.Fixed.Count})", result.Fixed, "None of the last run's misses is right now."));
        }

        return html.Append("</section>").ToString();
    }

    private static string FigureTables(QuestionSetSummary run, QuestionSetSummary? previous) =>
        FigureTable("per-language", "Per language", "Language", run.Languages, previous?.Languages)
        + FigureTable("per-category", "Per category", "Category", run.Categories, previous?.Categories);

    private static string FigureTable(string id, string title, string groupHeader, IReadOnlyList<QuestionSetRow> rows, IReadOnlyList<QuestionSetRow>? previous)
    {
        var html = new StringBuilder($"<h3 id=\"{id}\">{E(title)}</h3><table aria-labelledby=\"{id}\"><thead><tr><th scope=\"col\">{E(groupHeader)}</th>");
        foreach (var header in new[] { "In scope", "Right", "Refused (out of scope)", "Verdicts", "Clarifications", "Wrong answers" })
        {
            html.Append($"<th scope=\"col\" class=\"num\">{header}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            var s = row.Score;
            var p = previous?.FirstOrDefault(r => r.Group == row.Group)?.Score;
            html.Append($"<tr><th scope=\"row\">{E(row.Group)}</th>");
            html.Append(Cell($"{s.InScope}", previous is null ? null : Change(s.InScope - (p?.InScope ?? 0), "")));
            html.Append(Cell($"{s.Right} ({Share(s.RightShare)})", Points(previous, p, s.RightShare, x => x.RightShare)));
            html.Append(Cell($"{s.Refused}/{s.OutOfScope} ({Share(s.RefusedShare)})", Points(previous, p, s.RefusedShare, x => x.RefusedShare)));
            html.Append(Cell($"{s.VerdictsRight}/{s.Verdicts} ({Share(s.VerdictShare)})", Points(previous, p, s.VerdictShare, x => x.VerdictShare)));
            html.Append(Cell($"{s.Clarifications} ({Share(s.ClarificationShare)})", Points(previous, p, s.ClarificationShare, x => x.ClarificationShare)));
            html.Append(Cell($"{s.WrongAnswers}", previous is null ? null : Change(s.WrongAnswers - (p?.WrongAnswers ?? 0), "")));
            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    private static string Cell(string value, string? change) =>
        $"<td class=\"num\">{E(value)}{(change is null ? "" : $"<br><span class=\"change\">{E(change)}</span>")}</td>";

    private static string? Points(IReadOnlyList<QuestionSetRow>? previous, EvalScore? before, double now, Func<EvalScore, double> share) =>
        previous is null ? null : before is null ? "new" : Change(Math.Round((now - share(before)) * 100, 1), " pt");

    private static string Change(double delta, string unit) => delta switch
    {
        > 0 => $"up {delta.ToString("0.#", CultureInfo.InvariantCulture)}{unit}",
        < 0 => $"down {(-delta).ToString("0.#", CultureInfo.InvariantCulture)}{unit}",
        _ => "same",
    };

    private static string Share(double share) => share.ToString("P1", CultureInfo.InvariantCulture);

    private static string Misses(string id, string title, IReadOnlyList<QuestionSetMiss> misses, string none)
    {
        var html = new StringBuilder($"<h3 id=\"{id}\">{E(title)}</h3>");
        if (misses.Count == 0)
        {
            return html.Append($"<p>{E(none)}</p>").ToString();
        }

        html.Append($"<table aria-labelledby=\"{id}\"><thead><tr><th scope=\"col\">Where</th><th scope=\"col\">Language</th><th scope=\"col\">Category</th><th scope=\"col\">Expected</th><th scope=\"col\">Got</th><th scope=\"col\">Message</th></tr></thead><tbody>");
        foreach (var m in misses)
        {
            html.Append($"<tr><td>{E(m.File)}:{m.Line}</td><td>{E(m.Language)}</td><td>{E(m.Category)}</td><td>{E(m.Expected)}</td><td>{E(m.Got)}</td><td>{E(m.Message)}</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }
}
