using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace IndBot.Knowledge.Files;

/// <summary>Reads <c>reading.yaml</c>: every list present and non-empty, the seven days, windows as times, known services.</summary>
internal static class ReadingFile
{
    public const string Name = "reading.yaml";

    private static readonly string[] WordLists =
    [
        "ambiguousDays", "today", "tomorrow", "dayAfterTomorrow", "now", "weekend", "closedWords", "hoursWords", "closingWords",
        "openingWords", "addressWords", "countWords", "allDesksWords", "referenceWords", "followUpStarts", "yesNoStarts", "whWords",
        "deskQuestionWords", "placePrepositions", "placeLookalikes", "yesNoPhrases", "allQuantifiers", "abroadWords", "personalDataLabels",
        "deskJoiners", "deskConjunctions", "deskWords", "indTopicWords",
    ];

    public static ReadingWords? Read(string root, IReadOnlyCollection<string> serviceIds, List<KnowledgeProblem> problems)
    {
        var yaml = new YamlTree(Name, problems);
        if (yaml.Load(Path.Combine(root, Name)) is not { } map)
        {
            return null;
        }

        var lists = WordLists.ToDictionary(k => k, k => yaml.Texts(yaml.Child(map, k), $"'{k}'"));

        var days = new Dictionary<DayOfWeek, IReadOnlyList<string>>();
        if (yaml.Child(map, "days") is YamlMappingNode dayMap)
        {
            foreach (var day in Enum.GetValues<DayOfWeek>())
            {
                var key = day.ToString().ToLowerInvariant();
                days[day] = yaml.Texts(yaml.Child(dayMap, key), $"the words for {key}");
            }
        }
        else
        {
            yaml.Problem(map, "'days' must map monday … sunday to their words");
        }

        var periods = new List<DayPeriod>();
        if (yaml.Child(map, "periods") is YamlSequenceNode periodList)
        {
            foreach (var item in periodList)
            {
                if (item is not YamlMappingNode period)
                {
                    yaml.Problem(item, "a period needs words, from and to");
                    continue;
                }

                var words = yaml.Texts(yaml.Child(period, "words"), "a period's words");
                var from = Time(yaml, yaml.Child(period, "from"));
                var to = Time(yaml, yaml.Child(period, "to"));
                if (from is { } f && to is { } t)
                {
                    var end = t == TimeSpan.FromHours(24) ? (TimeOnly?)null : TimeOnly.FromTimeSpan(t);
                    if (end is { } e && e <= TimeOnly.FromTimeSpan(f))
                    {
                        yaml.Problem(period, "a period must end after it starts");
                    }

                    var whole = yaml.Text(yaml.Child(period, "whole", required: false), "'whole'", required: false) is "true";
                    periods.Add(new DayPeriod(words, TimeOnly.FromTimeSpan(f), end, whole));
                }
            }
        }
        else
        {
            yaml.Problem(map, "'periods' must be a list of {words, from, to}");
        }

        var services = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (yaml.Child(map, "services") is YamlMappingNode serviceMap)
        {
            foreach (var (id, value, key) in YamlTree.Entries(serviceMap))
            {
                if (!serviceIds.Contains(id))
                {
                    yaml.Problem(key, $"'{id}' is not a service in desks.yaml");
                }

                services[id] = yaml.Texts(value, $"the words for the service '{id}'");
            }
        }
        else
        {
            yaml.Problem(map, "'services' must map desk service ids to their words");
        }

        return new ReadingWords
        {
            Days = days,
            AmbiguousDays = lists["ambiguousDays"],
            Today = lists["today"],
            Tomorrow = lists["tomorrow"],
            DayAfterTomorrow = lists["dayAfterTomorrow"],
            Now = lists["now"],
            Weekend = lists["weekend"],
            Periods = periods,
            ClosedWords = lists["closedWords"],
            HoursWords = lists["hoursWords"],
            ClosingWords = lists["closingWords"],
            OpeningWords = lists["openingWords"],
            AddressWords = lists["addressWords"],
            CountWords = lists["countWords"],
            AllDesksWords = lists["allDesksWords"],
            ReferenceWords = lists["referenceWords"],
            FollowUpStarts = lists["followUpStarts"],
            YesNoStarts = lists["yesNoStarts"],
            WhWords = lists["whWords"],
            YesNoPhrases = lists["yesNoPhrases"],
            AllQuantifiers = lists["allQuantifiers"],
            AbroadWords = lists["abroadWords"],
            PersonalDataLabels = lists["personalDataLabels"],
            Services = services,
            DeskQuestionWords = lists["deskQuestionWords"],
            PlacePrepositions = lists["placePrepositions"],
            DeskJoiners = lists["deskJoiners"],
            DeskConjunctions = lists["deskConjunctions"],
            DeskWords = lists["deskWords"],
            IndTopicWords = lists["indTopicWords"],
            PlaceLookalikes = lists["placeLookalikes"],
            Fillers = yaml.LocalizedTexts(yaml.Child(map, "fillers"), "'fillers'"),
            DeskTemplates = DeskTemplates(yaml, yaml.Child(map, "deskTemplates")),
        };
    }

    private static LocalizedList DeskTemplates(YamlTree yaml, YamlNode? node)
    {
        var templates = yaml.LocalizedTexts(node, "'deskTemplates'");
        foreach (var language in Languages.All)
        {
            foreach (var template in templates[language].Where(t => !t.Contains("{0}", StringComparison.Ordinal)))
            {
                yaml.Problem(node!, $"the desk template '{template}' ({language}) has no {{0}} for the desk's name");
            }
        }

        return templates;
    }

    private static TimeSpan? Time(YamlTree yaml, YamlNode? node)
    {
        var text = yaml.Text(node, "a time (HH:mm)");
        if (text is null)
        {
            return null;
        }

        if (text == "24:00")
        {
            return TimeSpan.FromHours(24);
        }

        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time.ToTimeSpan();
        }

        yaml.Problem(node!, $"'{text}' is not a time like 09:00 (24:00 for midnight)");
        return null;
    }
}
