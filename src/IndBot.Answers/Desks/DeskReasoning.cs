using IndBot.Answers.Decisions;
using IndBot.Knowledge;

namespace IndBot.Answers.Desks;

/// <summary>
/// Reasons about desks from the structured data in <c>desks.yaml</c>: is a desk open at the asked day and time, does it
/// offer a service, which desks fit a question, which desk is nearest to a place. Returns facts; the bot words them.
/// </summary>
public sealed class DeskReasoning(KnowledgeBase knowledge)
{
    // The desks' own coordinates: the place of their city in the same gazetteer.
    private readonly Dictionary<string, Place> _deskPlaces = knowledge.Desks
        .Select(d => (d.Id, Place: knowledge.Places.FirstOrDefault(p => p.Names.Any(n => n == d.City) || d.Aliases.Any(a => p.Names.Contains(a)))))
        .Where(x => x.Place is not null)
        .ToDictionary(x => x.Id, x => x.Place!, StringComparer.Ordinal);

    /// <summary>The facts that answer <paramref name="question"/> about <paramref name="desk"/> at local time <paramref name="now"/>.</summary>
    public DeskFacts About(Desk desk, DeskQuestion question, DateTime now)
    {
        var facts = new DeskFacts(desk) { Asked = question };
        bool? serviceAvailable = null;
        if (question.Service is { } service)
        {
            serviceAvailable = !desk.Unavailable.Contains(service);
            facts = facts with
            {
                Service = service,
                ServiceAvailable = serviceAvailable,
                Alternative = serviceAvailable.Value ? null : knowledge.Desks.FirstOrDefault(d => d != desk && !d.Unavailable.Contains(service)),
            };
        }

        var day = question.Day ?? (question.HasTime || question.AsksClosing || question.AsksOpening ? now.DayOfWeek : (DayOfWeek?)null);
        bool? open = null;
        if (day is { } d)
        {
            var hours = desk.Hours.On(d);
            facts = facts with { Day = d, Hours = hours };
            if (question.HasTime)
            {
                open = question.Weekend
                    ? IsOpen(desk, DayOfWeek.Saturday, question.Window) || IsOpen(desk, DayOfWeek.Sunday, question.Window)
                    : IsOpen(desk, d, question.Window);
                facts = facts with { OpenThen = open };
            }
        }

        if (question.IsYesNo)
        {
            bool? verdict = serviceAvailable == false ? false : open is { } o ? (question.AsksClosed ? !o : o) : serviceAvailable;
            facts = facts with { Verdict = verdict };
        }

        return facts;
    }

    /// <summary>The desks that fit a question about all desks (a day, a time, a service), and the nearest to a place.</summary>
    public DeskListFacts List(DeskQuestion question, Place? placeWithoutDesk, DateTime now, string? placeName = null)
    {
        var day = question.Day ?? (question.Window is not null || question.Now ? now.DayOfWeek : (DayOfWeek?)null);
        var fitting = knowledge.Desks.Where(desk => Fits(desk, question, day)).ToList();
        var facts = new DeskListFacts(fitting) { Asked = question, Day = day, Service = question.Service };
        if (question.IsYesNo && (day is not null || question.Weekend || question.Service is not null))
        {
            // "is one of your desks open on Sunday?" needs one desk open, "are all desks open on Wednesday?" all of them;
            // "are the desks closed on Saturday?" means all closed, "is one of them closed?" one.
            var all = fitting.Count == knowledge.Desks.Count;
            var verdict = (question.AsksClosed, question.EveryDesk || question.AsksClosed && !question.AnyDesk) switch
            {
                (false, false) => fitting.Count > 0,
                (false, true) => all,
                (true, true) => fitting.Count == 0,
                (true, false) => !all,
            };
            facts = facts with { Verdict = verdict };
        }

        if (placeWithoutDesk is not null)
        {
            var byDistance = knowledge.Desks
                .Where(desk => _deskPlaces.ContainsKey(desk.Id))
                .OrderBy(desk => Kilometres(placeWithoutDesk, _deskPlaces[desk.Id]))
                .ToList();
            // When no desk fits ("open tomorrow at 4pm?" after every desk has closed), the nearest desk is still named.
            var nearest = byDistance.FirstOrDefault(fitting.Contains) ?? (fitting.Count == 0 ? byDistance.FirstOrDefault() : null);
            facts = facts with
            {
                PlaceWithoutDesk = placeWithoutDesk,
                PlaceName = placeName ?? placeWithoutDesk.Name,
                Nearest = nearest,
                NearestKilometres = nearest is null ? null : Math.Round(Kilometres(placeWithoutDesk, _deskPlaces[nearest.Id])),
                Skipped = nearest is null ? [] : byDistance.TakeWhile(desk => desk != nearest).ToList(),
            };
        }

        return facts;
    }

    /// <summary>Great-circle distance (haversine, mean Earth radius 6,371 km).</summary>
    public static double Kilometres(Place from, Place to)
    {
        const double radius = 6371.0;
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(to.Latitude - from.Latitude);
        var dLon = Radians(to.Longitude - from.Longitude);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(Radians(from.Latitude)) * Math.Cos(Radians(to.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * radius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static bool Fits(Desk desk, DeskQuestion question, DayOfWeek? day)
    {
        if (question.Service is { } service && desk.Unavailable.Contains(service))
        {
            return false;
        }

        if (question.Weekend)
        {
            return IsOpen(desk, DayOfWeek.Saturday, question.Window) || IsOpen(desk, DayOfWeek.Sunday, question.Window);
        }

        return day is not { } d || IsOpen(desk, d, question.Window);
    }

    private static bool IsOpen(Desk desk, DayOfWeek day, TimeWindow? window) =>
        desk.Hours.On(day) is { } hours && (window is not { } w || w.Overlaps(hours));
}
