using System.Globalization;
using System.Text;
using IndBot.Answers.Decisions;
using IndBot.Knowledge;

namespace IndBot.Replies;

/// <summary>
/// Writes the words of a reply from the engine's facts, in the reply's language, with the texts of
/// <c>messages.yaml</c>: the answer, a desk's verdict and details, the desks that fit, the nearest desk, the contact
/// options. The one place where Markdown is written; the renderer adds cards and buttons per channel.
/// </summary>
public sealed class ReplyText(KnowledgeBase knowledge)
{
    private Messages Texts => knowledge.Messages;

    /// <summary>The whole reply as Markdown: what a client without cards shows, and what <c>ask</c> prints.</summary>
    public string Full(Decision decision, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var parts = new List<string>();
        if (decision.PersonalDataNotice)
        {
            parts.Add(Texts.Get("personalData", decision.Language));
        }

        switch (decision.Kind)
        {
            case DecisionKind.Answer:
                if (decision.SmallTalk is not null)
                {
                    parts.Add(SmallTalk(decision));
                }

                parts.AddRange(decision.Answers.Select(a => Answer(a, decision.Language, now)));
                break;
            case DecisionKind.Clarification:
                parts.Add(Clarification(decision));
                break;
            case DecisionKind.SmallTalk:
                parts.Add(SmallTalk(decision));
                break;
            default:
                parts.Add(Fallback(decision, now));
                break;
        }

        return string.Join("\n\n", parts);
    }

    /// <summary>One answer in full: the FAQ answer with its source, a desk's verdict and details, the desks, a contact channel.</summary>
    public string Answer(AnswerPart part, string language, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(part);
        return part.Topic switch
        {
            FaqEntry faq => faq.Answer[language] + SourceLine(faq.Source, language),
            Desk desk => Join(part.Desk is { } facts ? DeskLead(facts, language) : null, DeskDetails(desk, language, now)),
            DeskOverview => DeskList(part.Desks ?? new DeskListFacts(knowledge.Desks), language),
            ContactChannel channel => Join(channel.Answer[language], channel.ChannelKind == "phone" && part.OpenNow is { } open
                ? Texts.Get(open ? "phoneOpenNow" : "phoneClosedNow", language) : null),
            ContactOverview overview => Join(overview.Answer[language], ContactList(language), PhoneStatus(language, now)),
            _ => "",
        };
    }

    /// <summary>The sentence that answers a question about one desk ("No — IND Rotterdam is open on Thursday only from 09:00 to 12:00."), or null for "tell me about it".</summary>
    public string? DeskLead(DeskFacts facts, string language)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var desk = facts.Desk;
        var asked = facts.Asked;
        if (facts.Service is { } service && facts.ServiceAvailable == false)
        {
            return Texts.Format("serviceUnavailable", language, ("desk", desk.Name), ("service", Lower(service.Name[language])), ("other", facts.Alternative?.Name ?? ""));
        }

        // "Yes, you can do this there" only when the desk is open at the asked time (or no time was asked).
        var serviceLine = facts.Service is { } s && facts.ServiceAvailable == true && asked?.IsYesNo == true && facts.OpenThen != false
            ? Texts.Format("serviceAvailable", language, ("desk", desk.Name), ("service", Lower(s.Name[language])))
            : null;
        if (facts.Day is not { } day || asked is null)
        {
            return serviceLine;
        }

        var dayName = Texts.DayName(day, language);
        var values = new List<(string, string)> { ("desk", desk.Name), ("day", dayName), ("days", OpenDays(desk, language)) };
        if (facts.Hours is { } hours)
        {
            values.Add(("from", Time(hours.From)));
            values.Add(("to", Time(hours.To)));
        }

        string key;
        if (asked.IsYesNo && facts.OpenThen is { } open)
        {
            key = (asked.AsksClosed, open, facts.Hours is null) switch
            {
                (false, true, _) => "deskOpenOnDay",
                (false, false, true) => "deskClosedOnDay",
                (false, false, false) => "deskClosedPartOfDay",
                (true, false, true) => "deskIsClosedOnDay",
                (true, false, false) => "deskIsClosedThen",
                (true, true, _) => "deskNotClosed",
            };
        }
        else if (facts.Hours is null)
        {
            key = "deskClosedDay";
        }
        else
        {
            key = asked.AsksClosing ? "deskClosesAt" : asked.AsksOpening ? "deskOpensAt" : "deskHoursOnDay";
        }

        // A service question at a time: the time decides, and the service line says it can be done there.
        return Join(Texts.Format(key, language, [.. values]), serviceLine);
    }

    /// <summary>Everything about one desk, as Markdown: address, the week's hours, today and open now, services.</summary>
    public string DeskDetails(Desk desk, string language, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var text = new StringBuilder();
        text.Append("**").Append(desk.Name).Append("**").Append("  \n");
        text.Append(Texts.Get("address", language)).Append(": ").Append(desk.Address).Append("  \n");
        text.Append(Texts.Get("openingHours", language)).Append(": ").Append(HoursSummary(desk.Hours, language)).Append("  \n");
        var today = desk.Hours.On(now.DayOfWeek);
        text.Append(Texts.Get("today", language)).Append(": ").Append(today is { } t ? $"{Time(t.From)}–{Time(t.To)}" : Texts.Get("closed", language))
            .Append(" — ").Append(desk.Hours.IsOpen(now) ? Texts.Get("openNow", language) : Texts.Get("closedNow", language)).Append("  \n");
        text.Append(Texts.Get("services", language)).Append(": ")
            .Append(string.Join("; ", desk.Services.Select(s => s.Name[language])))
            .Append(" (").Append(Lower(Texts.Get("appointmentRequired", language))).Append(')');
        if (desk.Unavailable.Count > 0)
        {
            text.Append("  \n").Append(Texts.Get("unavailableHere", language)).Append(": ")
                .Append(string.Join("; ", desk.Unavailable.Select(s => s.Name[language])));
        }

        if (desk.Note.Has(language))
        {
            text.Append("  \n").Append(desk.Note[language]);
        }

        return text.ToString();
    }

    /// <summary>The desks that fit (all, those open on a day, those with a service), or the nearest to a place without a desk.</summary>
    public string DeskList(DeskListFacts facts, string language)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.PlaceWithoutDesk is { } place)
        {
            return NearestDesk(facts, place, language);
        }

        var text = new StringBuilder();
        var service = facts.Service is { } s ? Lower(s.Name[language]) : "";
        if (facts.Day is { } day)
        {
            var dayName = Texts.DayName(day, language);
            if (facts.Desks.Count == 0)
            {
                // "then" when a time was asked ("open Wednesday at 4pm?"): some desk is open that day, just not then.
                return facts.Verdict is null && facts.Asked?.Window is null
                    ? Texts.Format("noDeskOpenOnDay", language, ("day", dayName))
                    : Texts.Format("noDeskOpenThen", language, ("day", dayName));
            }

            var heading = facts.Verdict switch
            {
                true when facts.Asked?.EveryDesk == true => "desksAllOpen",
                true => "desksOpenYes",
                false => "desksNotAllOpen",
                _ => "openOnDay",
            };
            text.Append(Texts.Format(heading, language, ("day", dayName))).Append('\n');
            foreach (var desk in facts.Desks)
            {
                var r = desk.Hours.On(day)!.Value;
                text.Append("\n- **").Append(desk.Name).Append("**, ").Append(desk.Street).Append(", ").Append(desk.City)
                    .Append(": ").Append(Time(r.From)).Append('–').Append(Time(r.To));
            }

            return text.ToString();
        }

        var listHeading = facts.Service is null ? Texts.Get("deskList", language) : facts.Verdict switch
        {
            true => Texts.Format("desksWithServiceYes", language, ("service", service)),
            false => Texts.Format("desksWithServiceNotAll", language, ("service", service)),
            _ => Texts.Format("desksWithService", language, ("service", service)),
        };
        text.Append(listHeading).Append('\n');
        foreach (var desk in facts.Desks)
        {
            text.Append("\n- **").Append(desk.Name).Append("**, ").Append(desk.Address).Append(" — ").Append(HoursSummary(desk.Hours, language));
        }

        if (facts.AsksWhichDesk)
        {
            text.Append("\n\n").Append(Texts.Get("whichDesk", language));
        }

        return text.ToString();
    }

    private string NearestDesk(DeskListFacts facts, Place place, string language)
    {
        var lines = new List<string> { Texts.Format("noDeskIn", language, ("place", facts.PlaceName ?? place.Name)) };
        if (facts.Nearest is { } nearest)
        {
            lines.Add(Texts.Format("nearestDesk", language, ("desk", nearest.Name), ("km", facts.NearestKilometres?.ToString("0", CultureInfo.InvariantCulture) ?? "?"),
                ("address", $"{nearest.Street}, {nearest.Postcode} {nearest.City}")));
            foreach (var skipped in facts.Skipped)
            {
                var reason = facts.Service is { } service && skipped.Unavailable.Contains(service)
                    ? Texts.Format("reasonNoService", language, ("service", Lower(service.Name[language])))
                    : Texts.Format("reasonClosedOnDay", language, ("day", facts.Day is { } d ? Texts.DayName(d, language) : ""));
                lines.Add(Texts.Format("nearestSkipped", language, ("skipped", skipped.Name), ("reason", reason)));
            }

            if (facts.Desks.Count == 0)
            {
                // No desk fits what was asked, the nearest one included: say so as for any desk.
                lines.Add(DeskList(facts with { PlaceWithoutDesk = null }, language));
            }

            return string.Join(' ', lines);
        }

        return string.Join("\n\n", lines[0], DeskList(facts with { PlaceWithoutDesk = null }, language));
    }

    public string Clarification(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var language = decision.Language;
        if (decision.Options.Count == 0)
        {
            return Texts.Get("emptyQuery", language);
        }

        if (decision.Options.Count == 1)
        {
            return Texts.Format("confirm", language, ("title", decision.Options[0].Title));
        }

        var text = new StringBuilder(Texts.Get("clarification", language)).Append('\n');
        foreach (var option in decision.Options)
        {
            text.Append("\n- ").Append(option.Title);
        }

        return text.ToString();
    }

    public string SmallTalk(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.SmallTalk is { SwitchTo: not null }
            ? Texts.Get("languageSwitched", decision.Language)
            : decision.SmallTalk?.Reply[decision.Language] ?? "";
    }

    /// <summary>Why not (too long, not the IND's, not understood) and the contact options.</summary>
    public string Fallback(Decision decision, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var language = decision.Language;
        if (decision.Reason == FallbackReason.TooLong)
        {
            return Texts.Get("tooLong", language);
        }

        var lead = decision.Reason switch
        {
            FallbackReason.NotTheInd when decision.Organisation is { } organisation => Texts.Format("notTheIndAbout", language, ("organisation", organisation.Name[language])),
            FallbackReason.NotTheInd => Texts.Get("notTheInd", language),
            FallbackReason.NotCovered => Texts.Get("notCovered", language),
            _ => Texts.Get("fallback", language),
        };
        return Join(lead, ContactList(language), PhoneStatus(language, now));
    }

    /// <summary>"Monday–Friday 09:00–16:00", or day by day when the days differ.</summary>
    public string HoursSummary(WeeklyHours hours, string language)
    {
        ArgumentNullException.ThrowIfNull(hours);
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
            (g.Days.Count > 2 ? $"{Texts.DayName(g.Days[0], language)}–{Texts.DayName(g.Days[^1], language)}" : string.Join(", ", g.Days.Select(d => Texts.DayName(d, language))))
            + $" {Time(g.Range.From)}–{Time(g.Range.To)}"));
    }

    public static string MapLink(Desk desk)
    {
        ArgumentNullException.ThrowIfNull(desk);
        return "https://www.openstreetmap.org/search?query=" + Uri.EscapeDataString($"{desk.Street}, {desk.Postcode} {desk.City}");
    }

    public string ContactList(string language)
    {
        var text = new StringBuilder();
        foreach (var channel in knowledge.Contacts)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append("- **").Append(channel.Title[language]).Append("**: ").Append(channel.Value);
            if (!channel.Hours.IsEmpty)
            {
                text.Append(" (").Append(HoursSummary(channel.Hours, language)).Append(')');
            }
        }

        return text.ToString();
    }

    private string? PhoneStatus(string language, DateTime now) =>
        knowledge.Contacts.FirstOrDefault(c => c.ChannelKind == "phone" && !c.Hours.IsEmpty) is { } phone
            ? Texts.Get(phone.Hours.IsOpen(now) ? "phoneOpenNow" : "phoneClosedNow", language)
            : null;

    /// <summary>"Source: IND website, frequently asked questions": the seed files' names for people are in messages.yaml.</summary>
    private string SourceLine(string source, string language)
    {
        var names = source.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(file => Texts.Has("source:" + file) ? Texts.Get("source:" + file, language) : file);
        return $"\n\n_{Texts.Get("source", language)}: {string.Join("; ", names)}_";
    }

    private string OpenDays(Desk desk, string language) =>
        JoinList(WeeklyHours.Week.Where(d => desk.Hours.On(d) is not null).Select(d => Texts.DayName(d, language)).ToList(), language);

    private static string Join(params string?[] parts) => string.Join("\n\n", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static DayOfWeek Next(DayOfWeek day) => (DayOfWeek)(((int)day + 1) % 7);

    private static string Time(TimeOnly time) => time.ToString("HH\\:mm", CultureInfo.InvariantCulture);

    private static string Lower(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static string JoinList(IReadOnlyList<string> items, string language) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + (language == Languages.Dutch ? " en " : " and ") + items[^1],
    };
}
