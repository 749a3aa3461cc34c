using IndBot.Knowledge;

namespace IndBot.Answers.Desks;

/// <summary>Part of a day a question asks about.</summary>
public enum DayPart
{
    Any,
    Morning,
    Afternoon,
    Evening,
}

/// <summary>What a question says about desks, read from its words: which desk, which day and time, which service, which aspect.</summary>
public sealed record DeskQuestion
{
    public Desk? Desk { get; init; }
    public DayOfWeek? Day { get; init; }
    public DayPart Part { get; init; }
    public TimeOnly? Time { get; init; }
    /// <summary>"now", "right now", "nu": the current time.</summary>
    public bool Now { get; init; }
    public DeskService? Service { get; init; }
    public bool AsksHours { get; init; }
    public bool AsksAddress { get; init; }
    public bool AsksCount { get; init; }

    /// <summary>Words that were read as a day or time: they need no match in the index.</summary>
    public IReadOnlySet<string> SlotWords { get; init; } = new HashSet<string>();

    /// <summary>Words that named the desk.</summary>
    public IReadOnlySet<string> DeskWords { get; init; } = new HashSet<string>();

    public bool HasTime => Day is not null || Part != DayPart.Any || Time is not null || Now;

    public bool HasDeskCue => HasTime || Service is not null || AsksHours || AsksAddress;
}

/// <summary>Reads desk names, days, parts of day, times and services from the words of a question, in English and Dutch.</summary>
public sealed class DeskQuestionReader
{
    private static readonly Dictionary<string, DayOfWeek> DayWords = new(StringComparer.Ordinal)
    {
        ["monday"] = DayOfWeek.Monday, ["mon"] = DayOfWeek.Monday, ["maandag"] = DayOfWeek.Monday,
        ["tuesday"] = DayOfWeek.Tuesday, ["tue"] = DayOfWeek.Tuesday, ["tues"] = DayOfWeek.Tuesday, ["dinsdag"] = DayOfWeek.Tuesday,
        ["wednesday"] = DayOfWeek.Wednesday, ["wed"] = DayOfWeek.Wednesday, ["woensdag"] = DayOfWeek.Wednesday,
        ["thursday"] = DayOfWeek.Thursday, ["thu"] = DayOfWeek.Thursday, ["thurs"] = DayOfWeek.Thursday, ["donderdag"] = DayOfWeek.Thursday,
        ["friday"] = DayOfWeek.Friday, ["fri"] = DayOfWeek.Friday, ["vrijdag"] = DayOfWeek.Friday,
        ["saturday"] = DayOfWeek.Saturday, ["sat"] = DayOfWeek.Saturday, ["zaterdag"] = DayOfWeek.Saturday,
        ["sunday"] = DayOfWeek.Sunday, ["zondag"] = DayOfWeek.Sunday,
    };

    // Abbreviations that are also ordinary words count only in a question that names a desk.
    private static readonly HashSet<string> AmbiguousDayWords = ["mon", "sat", "wed"];

    // The Dutch day names ("maandag" … "zondag") that start compounds ("donderdagmiddag"), in the order of DayWords.
    private static readonly KeyValuePair<string, DayOfWeek>[] DutchDays =
        DayWords.Where(d => d.Key.Length > 4 && d.Key.EndsWith("dag", StringComparison.Ordinal)).ToArray();

    private static readonly Dictionary<string, DayPart> PartWords = new(StringComparer.Ordinal)
    {
        ["morning"] = DayPart.Morning, ["mornings"] = DayPart.Morning, ["ochtend"] = DayPart.Morning, ["ochtends"] = DayPart.Morning, ["voormiddag"] = DayPart.Morning,
        ["afternoon"] = DayPart.Afternoon, ["afternoons"] = DayPart.Afternoon, ["middag"] = DayPart.Afternoon, ["middags"] = DayPart.Afternoon, ["namiddag"] = DayPart.Afternoon,
        ["evening"] = DayPart.Evening, ["evenings"] = DayPart.Evening, ["tonight"] = DayPart.Evening, ["avond"] = DayPart.Evening, ["avonds"] = DayPart.Evening, ["vanavond"] = DayPart.Evening,
    };

    private static readonly HashSet<string> TodayWords = ["today", "vandaag", "tonight", "vanavond", "vanmiddag", "vanochtend", "vanmorgen"];
    private static readonly HashSet<string> TomorrowWords = ["tomorrow", "morgen"];
    private static readonly HashSet<string> NowWords = ["now", "nu", "currently", "momenteel"];
    private static readonly HashSet<string> WeekendWords = ["weekend", "weekends"];

    private static readonly HashSet<string> HoursWords =
    [
        "open", "opened", "opening", "opens", "hours", "hour", "closed", "close", "closes", "closing", "until", "till", "time", "times", "when",
        "openingstijden", "openingstijd", "geopend", "dicht", "gesloten", "sluit", "laat", "wanneer", "tijden", "uur",
    ];

    private static readonly HashSet<string> AddressWords =
    [
        "where", "address", "located", "location", "find", "map", "route", "directions", "street", "postcode",
        "waar", "adres", "locatie", "vind", "vinden", "ligt", "zit", "kaart",
    ];

    private static readonly HashSet<string> CountWords = ["many", "number", "list", "all", "hoeveel", "lijst", "alle", "welke", "which"];

    private static readonly (string Service, string[] Words)[] ServiceWords =
    [
        ("fingerprints", ["fingerprints", "fingerprint", "vingerafdrukken", "vingerafdruk", "biometrics", "biometric", "biometrische"]),
        ("passport-photo", ["photo", "photos", "picture", "pasfoto", "foto", "fotos"]),
        ("pick-up-permit", ["pick", "collect", "pickup", "ophalen", "afhalen", "halen"]),
        ("residence-stamp", ["stamp", "sticker", "stempel", "terugkeervisum"]),
        ("submit-application", ["submit", "hand", "indienen", "inleveren"]),
    ];

    // Words that go with a service word without naming a service themselves ("pick up", "passport photo", "return visa").
    private static readonly HashSet<string> ServiceCompanionWords =
        ["gegevens", "passport", "paspoort", "up", "return", "visa", "residence", "permit", "verblijfsvergunning"];

    private readonly KnowledgeBase _knowledge;
    private readonly List<(string[] Words, Desk Desk)> _deskNames;

    public DeskQuestionReader(KnowledgeBase knowledge)
    {
        _knowledge = knowledge;
        _deskNames = knowledge.Desks
            .SelectMany(d => d.Names.Append(d.Building).Append(d.Name.Replace("IND ", "", StringComparison.Ordinal)).Append(StreetName(d.Street))
                .Select(n => (Words: Text.UserText.Words(n).Where(w => w != "ind").ToArray(), Desk: d)))
            .Where(x => x.Words.Length > 0)
            .DistinctBy(x => string.Join(' ', x.Words) + x.Desk.Id)
            .OrderByDescending(x => x.Words.Length)
            .ToList();
    }

    /// <summary>A word that asks about opening hours or an address ("open", "until", "how late", "waar", "adres").</summary>
    public static bool IsCue(string word) => HoursWords.Contains(word) || AddressWords.Contains(word) || word is "how" or "hoe" or "late";

    /// <summary>A word of a desk service, or one that goes with it ("fingerprints", "pick up", "passport photo").</summary>
    public static bool IsServiceWord(string word) => ServiceCompanionWords.Contains(word) || ServiceWords.Any(s => s.Words.Contains(word));

    /// <summary>Reads <paramref name="words"/> (from <see cref="Text.UserText.Words"/>) at the local time <paramref name="now"/>.</summary>
    public DeskQuestion Read(IReadOnlyList<string> words, DateTime now)
    {
        var slots = new HashSet<string>(StringComparer.Ordinal);
        var desk = FindDesk(words, out var deskWords);
        DayOfWeek? day = null;
        var part = DayPart.Any;
        TimeOnly? time = null;
        var isNow = false;

        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (DayWords.TryGetValue(word, out var d) || DayWords.TryGetValue(word.TrimEnd('s'), out d))
            {
                if (!AmbiguousDayWords.Contains(word) || desk is not null)
                {
                    day = d;
                    slots.Add(word);
                }

                continue;
            }

            if (PartWords.TryGetValue(word, out var p))
            {
                part = p;
                slots.Add(word);
                continue;
            }

            // Dutch compounds: "donderdagmiddag", "maandagochtend", "vrijdags".
            if (SplitDayCompound(word) is { } compound)
            {
                (day, part) = (compound.Day, compound.Part == DayPart.Any ? part : compound.Part);
                slots.Add(word);
                continue;
            }

            if (TodayWords.Contains(word))
            {
                day = now.DayOfWeek;
                part = word switch
                {
                    "tonight" or "vanavond" => DayPart.Evening,
                    "vanmiddag" => DayPart.Afternoon,
                    "vanochtend" or "vanmorgen" => DayPart.Morning,
                    _ => part,
                };
                slots.Add(word);
            }
            else if (TomorrowWords.Contains(word) && !(word == "morgen" && i > 0 && words[i - 1] is "s" or "goede"))
            {
                day = now.AddDays(1).DayOfWeek;
                slots.Add(word);
            }
            else if (NowWords.Contains(word) || (word == "right" && i + 1 < words.Count && words[i + 1] == "now"))
            {
                isNow = true;
                slots.Add(word);
            }
            else if (WeekendWords.Contains(word))
            {
                day = DayOfWeek.Saturday;
                slots.Add(word);
            }
            else if (ReadTime(words, i) is { } t)
            {
                time = t.Time;
                for (var k = i; k < i + t.Length; k++)
                {
                    slots.Add(words[k]);
                }

                i += t.Length - 1;
            }
        }

        DeskService? service = null;
        foreach (var (id, serviceWords) in ServiceWords)
        {
            var hit = words.FirstOrDefault(serviceWords.Contains);
            if (hit is not null)
            {
                service = _knowledge.DeskServices.FirstOrDefault(s => s.Id == id);
                if (service is not null)
                {
                    break;
                }
            }
        }

        if (isNow)
        {
            day = now.DayOfWeek;
            time = TimeOnly.FromDateTime(now);
        }

        return new DeskQuestion
        {
            Desk = desk,
            Day = day,
            Part = part,
            Time = time,
            Now = isNow,
            Service = service,
            AsksHours = words.Any(HoursWords.Contains) || (words.Contains("how") && words.Contains("late")) || (words.Contains("hoe") && words.Contains("laat")),
            AsksAddress = words.Any(AddressWords.Contains),
            AsksCount = words.Any(CountWords.Contains),
            SlotWords = slots,
            DeskWords = deskWords,
        };
    }

    private Desk? FindDesk(IReadOnlyList<string> words, out HashSet<string> deskWords)
    {
        deskWords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (nameWords, desk) in _deskNames)
        {
            for (var i = 0; i + nameWords.Length <= words.Count; i++)
            {
                var match = true;
                for (var k = 0; k < nameWords.Length && match; k++)
                {
                    match = Same(words[i + k], nameWords[k]);
                }

                if (match)
                {
                    for (var k = 0; k < nameWords.Length; k++)
                    {
                        deskWords.Add(words[i + k]);
                    }

                    return desk;
                }
            }
        }

        return null;
    }

    /// <summary>"Stadhouderskade 85" → "Stadhouderskade": people name a desk by its street too.</summary>
    private static string StreetName(string street) => string.Join(' ', street.Split(' ').Where(w => !w.Any(char.IsDigit)));

    /// <summary>Equal, "y" for "ij" ("Rijswyk"), or one typo apart for names of six letters or more ("Utrcht", "Hoofdorp").</summary>
    private static bool Same(string word, string name) =>
        word == name || (word.Contains('y') && name.Contains("ij", StringComparison.Ordinal) && word.Replace("y", "ij", StringComparison.Ordinal) == name)
        || (name.Length >= 6 && word.Length >= 5 && word[0] == name[0] && Math.Abs(word.Length - name.Length) <= 1
            && Text.EditDistance.Bounded(word, name, 1) <= 1);

    private static (DayOfWeek Day, DayPart Part)? SplitDayCompound(string word)
    {
        foreach (var (dayWord, day) in DutchDays)
        {
            if (word.StartsWith(dayWord, StringComparison.Ordinal) && word.Length > dayWord.Length)
            {
                var rest = word[dayWord.Length..];
                if (rest is "s")
                {
                    return (day, DayPart.Any);
                }

                if (PartWords.TryGetValue(rest, out var part))
                {
                    return (day, part);
                }
            }
        }

        return null;
    }

    /// <summary>"3pm", "3 pm", "at 15:00" (words 15, 00), "14.30", "om 3 uur", "half 4" is left alone.</summary>
    private static (TimeOnly Time, int Length)? ReadTime(IReadOnlyList<string> words, int i)
    {
        var word = words[i];
        var previous = i > 0 ? words[i - 1] : "";
        var next = i + 1 < words.Count ? words[i + 1] : "";
        if (word.EndsWith("am", StringComparison.Ordinal) || word.EndsWith("pm", StringComparison.Ordinal))
        {
            if (int.TryParse(word[..^2], out var h) && h is >= 1 and <= 12)
            {
                return (new TimeOnly(ToTwentyFour(h, word[^2..]), 0), 1);
            }
        }

        if (!int.TryParse(word, out var hour) || hour > 23 || word.Length > 2)
        {
            return null;
        }

        if (next is "am" or "pm" && hour is >= 1 and <= 12)
        {
            return (new TimeOnly(ToTwentyFour(hour, next), 0), 2);
        }

        // "4.30pm" is read as the words "4" and "30pm".
        if (next.Length == 4 && (next.EndsWith("am", StringComparison.Ordinal) || next.EndsWith("pm", StringComparison.Ordinal))
            && int.TryParse(next[..2], out var m) && m < 60 && hour is >= 1 and <= 12)
        {
            return (new TimeOnly(ToTwentyFour(hour, next[^2..]), m), 2);
        }

        if (next.Length == 2 && int.TryParse(next, out var minutes) && minutes < 60 && (previous is "at" or "om" or "before" or "after" or "voor" or "na" or "until" or "tot" || hour >= 7))
        {
            var after = i + 2 < words.Count ? words[i + 2] : "";
            var h = after is "pm" && hour < 12 ? hour + 12 : hour;
            return (new TimeOnly(h, minutes), after is "am" or "pm" or "uur" ? 3 : 2);
        }

        if (next is "uur" or "u" || previous is "at" or "om")
        {
            // "at 3" during office hours means 15:00.
            var h = previous is "at" or "om" && hour is >= 1 and <= 6 ? hour + 12 : hour;
            return (new TimeOnly(h, 0), next is "uur" or "u" ? 2 : 1);
        }

        return null;
    }

    private static int ToTwentyFour(int hour, string suffix) => suffix == "pm" ? (hour % 12) + 12 : hour % 12;
}
