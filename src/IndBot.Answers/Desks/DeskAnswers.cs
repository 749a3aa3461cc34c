using System.Text;
using IndBot.Knowledge;

namespace IndBot.Answers.Desks;

/// <summary>Answers about desks, reasoned from the structured data in <c>desks.yaml</c>.</summary>
public sealed class DeskAnswers(KnowledgeBase knowledge)
{
    private Messages M => knowledge.Messages;

    /// <summary>The sentence that answers a question about one desk (day, part of day, time, service), or null for "tell me about it".</summary>
    public string? Lead(Desk desk, DeskQuestion question, string language, DateTime now)
    {
        if (question.Service is { } service)
        {
            if (desk.Unavailable.Contains(service))
            {
                var other = knowledge.Desks.FirstOrDefault(d => d != desk && !d.Unavailable.Contains(service));
                return M.Format("serviceUnavailable", language, ("desk", desk.Name), ("service", service.Name[language].ToLowerInvariant()), ("other", other?.Name ?? ""));
            }

            if (!question.HasTime)
            {
                return M.Format("serviceAvailable", language, ("desk", desk.Name), ("service", Lower(service.Name[language])));
            }
        }

        if (!question.HasTime)
        {
            return null;
        }

        var day = question.Day ?? now.DayOfWeek;
        var dayName = M.DayName(day, language);
        var hours = desk.Hours.On(day);
        if (hours is not { } range)
        {
            var openDays = WeeklyHours.Week.Where(d => desk.Hours.On(d) is not null).Select(d => M.DayName(d, language)).ToList();
            return M.Format("deskClosedOnDay", language, ("desk", desk.Name), ("day", dayName), ("days", JoinList(openDays, language)));
        }

        var from = Time(range.From);
        var to = Time(range.To);
        var open = question.Part switch
        {
            DayPart.Morning => range.From < new TimeOnly(12, 0),
            DayPart.Afternoon => range.To > new TimeOnly(12, 0),
            DayPart.Evening => range.To > new TimeOnly(18, 0),
            _ => true,
        };
        if (question.Time is { } time)
        {
            open = range.Contains(time);
        }

        return open
            ? M.Format("deskOpenOnDay", language, ("desk", desk.Name), ("day", dayName), ("from", from), ("to", to))
            : M.Format("deskClosedPartOfDay", language, ("desk", desk.Name), ("day", dayName), ("from", from), ("to", to));
    }

    /// <summary>Everything about one desk, as Markdown: address, the week's hours, open now, services.</summary>
    public string Details(Desk desk, string language, DateTime now)
    {
        var text = new StringBuilder();
        text.Append("**").Append(desk.Name).Append("**").Append("  \n");
        text.Append(M.Get("address", language)).Append(": ").Append(desk.Address).Append("  \n");
        text.Append(M.Get("openingHours", language)).Append(": ").Append(HoursSummary(desk.Hours, language)).Append("  \n");
        var today = desk.Hours.On(now.DayOfWeek);
        text.Append(M.Get("today", language)).Append(": ").Append(today is { } t ? $"{Time(t.From)}–{Time(t.To)}" : M.Get("closed", language))
            .Append(" — ").Append(desk.Hours.IsOpen(now) ? M.Get("openNow", language) : M.Get("closedNow", language)).Append("  \n");
        text.Append(M.Get("services", language)).Append(": ")
            .Append(string.Join("; ", desk.Services.Select(s => s.Name[language])))
            .Append(" (").Append(Lower(M.Get("appointmentRequired", language))).Append(')');
        if (desk.Unavailable.Count > 0)
        {
            text.Append("  \n").Append(M.Get("unavailableHere", language)).Append(": ")
                .Append(string.Join("; ", desk.Unavailable.Select(s => s.Name[language])));
        }

        if (desk.Note.Has(language))
        {
            text.Append("  \n").Append(desk.Note[language]);
        }

        return text.ToString();
    }

    /// <summary>"Monday–Friday 09:00–16:00", or day by day when the days differ.</summary>
    public string HoursSummary(WeeklyHours hours, string language)
    {
        var groups = new List<(List<DayOfWeek> Days, TimeRange Range)>();
        foreach (var day in WeeklyHours.Week)
        {
            if (hours.On(day) is not { } range)
            {
                continue;
            }

            if (groups.Count > 0 && groups[^1].Range == range && Next(groups[^1].Days[^1]) == day)
            {
                groups[^1].Days.Add(day);
            }
            else
            {
                groups.Add(([day], range));
            }
        }

        return string.Join(", ", groups.Select(g =>
            (g.Days.Count > 2 ? $"{M.DayName(g.Days[0], language)}–{M.DayName(g.Days[^1], language)}" : string.Join(", ", g.Days.Select(d => M.DayName(d, language))))
            + $" {Time(g.Range.From)}–{Time(g.Range.To)}"));
    }

    /// <summary>All desks, or those open on the asked day (and part of day), as Markdown.</summary>
    public string Overview(DeskQuestion question, string language, DateTime now)
    {
        var text = new StringBuilder();
        IEnumerable<Desk> desks = knowledge.Desks;
        if (question.Day is { } day)
        {
            desks = desks.Where(d => d.Hours.On(day) is { } r && (question.Part != DayPart.Afternoon || r.To > new TimeOnly(12, 0)));
            var list = desks.ToList();
            if (list.Count == 0)
            {
                return M.Format("noDeskOpenOnDay", language, ("day", M.DayName(day, language)));
            }

            text.Append(M.Format("openOnDay", language, ("day", M.DayName(day, language)))).Append('\n');
            foreach (var desk in list)
            {
                var r = desk.Hours.On(day)!.Value;
                text.Append("\n- **").Append(desk.Name).Append("**, ").Append(desk.Street).Append(", ").Append(desk.City)
                    .Append(": ").Append(Time(r.From)).Append('–').Append(Time(r.To));
            }

            return text.ToString();
        }

        if (question.Service is { } service)
        {
            desks = desks.Where(d => !d.Unavailable.Contains(service));
        }

        text.Append(M.Get("deskList", language)).Append('\n');
        foreach (var desk in desks)
        {
            text.Append("\n- **").Append(desk.Name).Append("**, ").Append(desk.Address).Append(" — ").Append(HoursSummary(desk.Hours, language));
        }

        return text.ToString();
    }

    public string MapLink(Desk desk) =>
        "https://www.openstreetmap.org/search?query=" + Uri.EscapeDataString($"{desk.Street}, {desk.Postcode} {desk.City}");

    private static DayOfWeek Next(DayOfWeek day) => (DayOfWeek)(((int)day + 1) % 7);

    private static string Time(TimeOnly time) => time.ToString("HH\\:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static string Lower(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static string JoinList(IReadOnlyList<string> items, string language) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + (language == Languages.Dutch ? " en " : " and ") + items[^1],
    };
}
