using System.Globalization;
using System.Text;
using IndBot.Feedback;
using static IndBot.Staff.StaffPage;

namespace IndBot.Staff;

/// <summary>"What visitors missed": the <c>report</c> figures as a page, filtered by language and period.</summary>
public static class MissedPage
{
    public const string Path = "missed";
    private const int Top = 50;

    /// <summary>The filter of the page's query string; a bad value is a short error, not an exception.</summary>
    public sealed record Filter(string? Language, DateOnly? From, DateOnly? To)
    {
        public static (Filter? Filter, string? Error) Parse(string? language, string? from, string? to)
        {
            language = string.IsNullOrWhiteSpace(language) || language == "all" ? null : language;
            if (language is not (null or "en" or "nl"))
            {
                return (null, "Choose English, Dutch or all languages.");
            }

            if (!TryDate(from, out var fromDate) || !TryDate(to, out var toDate))
            {
                return (null, "Write dates as yyyy-mm-dd.");
            }

            if (fromDate > toDate)
            {
                return (null, "The period's start is after its end.");
            }

            return (new Filter(language, fromDate, toDate), null);
        }

        public bool Keeps(FeedbackRecord record) =>
            (Language is null || record.Language == Language)
            && (From is null || DateOnly.FromDateTime(record.At.UtcDateTime) >= From)
            && (To is null || DateOnly.FromDateTime(record.At.UtcDateTime) <= To);

        private static bool TryDate(string? text, out DateOnly? date)
        {
            date = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                return true;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                date = parsed;
                return true;
            }

            return false;
        }
    }

    public static async Task<IResult> RenderAsync(HttpContext http, IFeedbackStore store, Func<QuestionGroup, string?, string>? teach, string? language, string? from, string? to)
    {
        var (filter, error) = Filter.Parse(language, from, to);
        var body = new StringBuilder();
        body.Append(FilterForm(language, from, to));
        if (filter is null)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            body.Append($"<p class=\"error\" role=\"alert\">{E(error)}</p>");
            return Render(http, Path, "What visitors missed", body.ToString());
        }

        var records = (await store.ReadAllAsync(http.RequestAborted)).Where(filter.Keeps).ToList();
        body.Append($"<p>{records.Count} feedback records{(records.Count > 0 ? $" from {records.Min(r => r.At):yyyy-MM-dd} to {records.Max(r => r.At):yyyy-MM-dd} (UTC)" : "")}. Questions are shown as they are stored: with personal data removed.</p>");
        body.Append(Chart(FeedbackSummary.PerDay(records)));
        body.Append(Questions("Unanswered questions", "unanswered", FeedbackSummary.Unanswered(records, Top), teach, showOffered: false));
        body.Append(Questions("Questions answered with “Did you mean”", "clarified", FeedbackSummary.Clarified(records, Top), teach, showOffered: true));
        body.Append(Votes(FeedbackSummary.Votes(records, Top)));
        body.Append(Choices(FeedbackSummary.Choices(records, Top)));
        return Render(http, Path, "What visitors missed", body.ToString());
    }

    private static string FilterForm(string? language, string? from, string? to)
    {
        string Option(string value, string label) => $"<option value=\"{value}\"{(value == (language ?? "all") ? " selected" : "")}>{label}</option>";
        return $"""
            <form method="get" action="{StaffHostingExtensions.BasePath}/{Path}" class="panel row" aria-label="Filter">
            <div><label for="language">Language</label><select id="language" name="language">{Option("all", "All")}{Option("en", "English")}{Option("nl", "Dutch")}</select></div>
            <div><label for="from">From</label><input type="date" id="from" name="from" value="{E(from)}"></div>
            <div><label for="to">To</label><input type="date" id="to" name="to" value="{E(to)}"></div>
            <div><button type="submit">Show</button></div>
            </form>
            """;
    }

    /// <summary>Bars per day, unanswered beside clarified; the same figures as a table for screen readers and copying.</summary>
    private static string Chart(IReadOnlyList<DayCount> days)
    {
        var html = new StringBuilder("<section aria-labelledby=\"per-day\"><h2 id=\"per-day\">Per day</h2>");
        if (days.Count == 0)
        {
            return html.Append("<p>No unanswered or clarified questions in this period.</p></section>").ToString();
        }

        const int height = 160, barWidth = 8, gap = 6, left = 30, bottom = 20;
        var max = Math.Max(1, days.Max(d => Math.Max(d.Unanswered, d.Clarified)));
        var width = left + days.Count * (2 * barWidth + gap) + 10;
        html.Append($"<svg class=\"chart\" width=\"{width}\" height=\"{height + bottom}\" viewBox=\"0 0 {width} {height + bottom}\" role=\"img\" aria-labelledby=\"chart-title\">");
        html.Append($"<title id=\"chart-title\">Unanswered and clarified questions per day, {days[0].Day:yyyy-MM-dd} to {days[^1].Day:yyyy-MM-dd}; at most {max} a day</title>");
        html.Append($"<text x=\"0\" y=\"12\">{max}</text><text x=\"0\" y=\"{height}\">0</text>");
        for (var i = 0; i < days.Count; i++)
        {
            var x = left + i * (2 * barWidth + gap);
            var u = days[i].Unanswered * (height - 10) / max;
            var c = days[i].Clarified * (height - 10) / max;
            html.Append($"<rect class=\"bar-unanswered\" x=\"{x}\" y=\"{height - u}\" width=\"{barWidth}\" height=\"{u}\"></rect>");
            html.Append($"<rect class=\"bar-clarified\" x=\"{x + barWidth}\" y=\"{height - c}\" width=\"{barWidth}\" height=\"{c}\"></rect>");
            if (i == 0 || i == days.Count - 1 || days.Count <= 10)
            {
                html.Append($"<text x=\"{x}\" y=\"{height + 14}\">{days[i].Day:MM-dd}</text>");
            }
        }

        html.Append("</svg><p class=\"legend\"><span><span class=\"swatch unanswered\"></span>Unanswered</span><span><span class=\"swatch clarified\"></span>Clarified</span></p>");
        html.Append("<details><summary>The figures per day</summary><table><thead><tr><th scope=\"col\">Day</th><th scope=\"col\" class=\"num\">Unanswered</th><th scope=\"col\" class=\"num\">Clarified</th></tr></thead><tbody>");
        foreach (var day in days)
        {
            html.Append($"<tr><td>{day.Day:yyyy-MM-dd}</td><td class=\"num\">{day.Unanswered}</td><td class=\"num\">{day.Clarified}</td></tr>");
        }

        return html.Append("</tbody></table></details></section>").ToString();
    }

    private static string Questions(string title, string id, IReadOnlyList<QuestionGroup> groups, Func<QuestionGroup, string?, string>? teach, bool showOffered)
    {
        var html = new StringBuilder($"<section aria-labelledby=\"{id}\"><h2 id=\"{id}\">{E(title)}</h2>");
        if (groups.Count == 0)
        {
            return html.Append("<p>None in this period.</p></section>").ToString();
        }

        html.Append($"<table><thead><tr><th scope=\"col\" class=\"num\">Times</th><th scope=\"col\">Question (an example of the group)</th><th scope=\"col\">Language</th><th scope=\"col\">{(showOffered ? "Offered" : "Nearest entry")}</th>{(teach is null ? "" : "<th scope=\"col\">Teach the bot</th>")}</tr></thead><tbody>");
        foreach (var group in groups)
        {
            html.Append($"<tr><td class=\"num\">{group.Count}</td><td>{E(group.Example)}</td><td>{E(string.Join("/", group.Languages))}</td>");
            html.Append($"<td>{E(showOffered ? string.Join(", ", group.Offered) : group.Nearest ?? "–")}</td>");
            if (teach is not null)
            {
                html.Append($"<td>{teach(group, group.Languages.Count == 1 ? group.Languages[0] : null)}</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table></section>").ToString();
    }

    private static string Votes(IReadOnlyList<VoteTally> votes)
    {
        var html = new StringBuilder("<section aria-labelledby=\"votes\"><h2 id=\"votes\">“No” votes per entry</h2>");
        if (votes.Count == 0)
        {
            return html.Append("<p>None in this period.</p></section>").ToString();
        }

        html.Append("<table><thead><tr><th scope=\"col\">Entry</th><th scope=\"col\" class=\"num\">No</th><th scope=\"col\" class=\"num\">Yes</th><th scope=\"col\">Languages of the no votes</th></tr></thead><tbody>");
        foreach (var vote in votes)
        {
            html.Append($"<tr><td>{E(vote.EntryId)}</td><td class=\"num\">{vote.No}</td><td class=\"num\">{vote.Yes}</td><td>{E(string.Join("/", vote.Languages))}</td></tr>");
        }

        return html.Append("</tbody></table></section>").ToString();
    }

    private static string Choices(IReadOnlyList<ChoiceGroup> choices)
    {
        var html = new StringBuilder("<section aria-labelledby=\"choices\"><h2 id=\"choices\">Clarification choices</h2><p class=\"hint\">What visitors picked after “Did you mean”: alternate phrasings to consider.</p>");
        if (choices.Count == 0)
        {
            return html.Append("<p>None in this period.</p></section>").ToString();
        }

        html.Append("<table><thead><tr><th scope=\"col\" class=\"num\">Times</th><th scope=\"col\">Question</th><th scope=\"col\">Chose</th><th scope=\"col\">Language</th></tr></thead><tbody>");
        foreach (var choice in choices)
        {
            html.Append($"<tr><td class=\"num\">{choice.Count}</td><td>{E(choice.Question)}</td><td>{E(choice.EntryId)}</td><td>{E(choice.Language)}</td></tr>");
        }

        return html.Append("</tbody></table></section>").ToString();
    }
}
