using System.Text;
using IndBot.Feedback;
using Microsoft.AspNetCore.Antiforgery;
using static IndBot.Staff.StaffPage;

namespace IndBot.Staff;

/// <summary>Teaching on the pages: the accept form beside a missed question, the outcome, and the list and patch of accepted changes.</summary>
public static class TeachPage
{
    public const string ChangesPath = "changes";

    /// <summary>The form for one missed question: its suggested entries, the phrasing (editable) and its language.</summary>
    public static Func<QuestionGroup, string?, string> Forms(Teacher teacher, AntiforgeryTokenSet tokens)
    {
        var number = 0;
        return (group, language) =>
        {
            var (detected, suggestions) = teacher.Suggest(group.Example, language);
            if (suggestions.Count == 0)
            {
                return "<span class=\"hint\">No likely entry.</span>";
            }

            var n = ++number;
            var html = new StringBuilder($"<form method=\"post\" action=\"{StaffHostingExtensions.BasePath}/teach\" aria-label=\"Teach: {E(group.Example)}\">");
            html.Append($"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">");
            html.Append($"<input type=\"hidden\" name=\"language\" value=\"{E(language ?? detected)}\">");
            html.Append($"<fieldset><legend>Likely entries ({E(language ?? detected)})</legend>");
            for (var i = 0; i < suggestions.Count; i++)
            {
                var s = suggestions[i];
                html.Append($"<div><input type=\"radio\" name=\"entry\" id=\"entry-{n}-{i}\" value=\"{E(s.EntryId)}\"{(i == 0 ? " checked" : "")}> ");
                html.Append($"<label for=\"entry-{n}-{i}\">{E(s.EntryId)} – {E(s.Title)}{(s.Probability > 0 ? $" ({s.Probability:0.00})" : "")}</label></div>");
            }

            html.Append("</fieldset>");
            html.Append($"<label for=\"phrasing-{n}\">Phrasing to add</label> <input type=\"text\" id=\"phrasing-{n}\" name=\"phrasing\" value=\"{E(group.Example)}\" maxlength=\"{Teacher.MaxPhrasingLength}\">");
            html.Append(" <button type=\"submit\">Accept</button></form>");
            return html.ToString();
        };
    }

    public static async Task<IResult> AcceptAsync(HttpContext http, Teacher teacher, IAntiforgery antiforgery)
    {
        if (!http.Request.HasFormContentType)
        {
            return Result(http, StatusCodes.Status400BadRequest, "<p class=\"error\" role=\"alert\">Send the form from the page.</p>");
        }

        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Result(http, StatusCodes.Status400BadRequest, "<p class=\"error\" role=\"alert\">This page has expired; go back, reload it and try again.</p>");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var outcome = await teacher.AcceptAsync(form["entry"], form["language"], form["phrasing"], StaffAccess.StaffName(http), http.RequestAborted);
        if (outcome.Change is not { } change)
        {
            var problems = string.Concat(outcome.Problems.Select(p => $"<li>{E(p)}</li>"));
            return Result(http, StatusCodes.Status400BadRequest,
                $"<div role=\"alert\"><p class=\"error\">Not added: the knowledge file is unchanged.</p><ul>{problems}</ul></div>" + BackLinks());
        }

        var status = outcome.Live
            ? "<p class=\"ok\">The bot answers with it now.</p>"
            : "<p>Saved; the bot uses it once the knowledge has reloaded.</p>";
        return Result(http, StatusCodes.Status200OK,
            $"<div role=\"status\"><p>Added “{E(change.Phrasing)}” ({E(change.Language)}) to <strong>{E(change.EntryId)}</strong> in {E(change.File)}, line {change.Line}.</p>{status}</div>"
            + $"<p class=\"hint\">After several changes, run <code>train</code> so the classifier and the ranker learn them too.</p>" + BackLinks());
    }

    public static async Task<IResult> ChangesAsync(HttpContext http, Teacher teacher)
    {
        var changes = await teacher.ChangesAsync(http.RequestAborted);
        var body = new StringBuilder($"<p>Every phrasing added from these pages, with who added it and when. <a href=\"{StaffHostingExtensions.BasePath}/{ChangesPath}.patch\">Download all as a patch</a> (apply with <code>git apply</code>).</p>");
        if (changes.Count == 0)
        {
            body.Append("<p>No changes yet.</p>");
        }
        else
        {
            body.Append("<table><thead><tr><th scope=\"col\">When (UTC)</th><th scope=\"col\">Who</th><th scope=\"col\">Entry</th><th scope=\"col\">Language</th><th scope=\"col\">Phrasing added</th><th scope=\"col\">File</th></tr></thead><tbody>");
            foreach (var c in changes.AsEnumerable().Reverse())
            {
                body.Append($"<tr><td>{c.At:yyyy-MM-dd HH:mm}</td><td>{E(c.Staff)}</td><td>{E(c.EntryId)}</td><td>{E(c.Language)}</td><td>{E(c.Phrasing)}</td><td>{E(c.File)}:{c.Line}</td></tr>");
            }

            body.Append("</tbody></table>");
        }

        return Render(http, ChangesPath, "Accepted changes", body.ToString());
    }

    public static async Task<IResult> PatchAsync(HttpContext http, Teacher teacher)
    {
        SetHeaders(http.Response);
        http.Response.Headers.ContentDisposition = "attachment; filename=\"indbot-staff-changes.patch\"";
        return Results.Text(Teacher.Patch(await teacher.ChangesAsync(http.RequestAborted)), "text/x-diff; charset=utf-8");
    }

    private static string BackLinks() =>
        $"<p><a href=\"{StaffHostingExtensions.BasePath}/{MissedPage.Path}\">Back to what visitors missed</a> · <a href=\"{StaffHostingExtensions.BasePath}\">Try it in the test pane</a> · <a href=\"{StaffHostingExtensions.BasePath}/{ChangesPath}\">Accepted changes</a></p>";

    private static IResult Result(HttpContext http, int status, string body)
    {
        http.Response.StatusCode = status;
        return Render(http, MissedPage.Path, "Teach the bot", body);
    }
}
