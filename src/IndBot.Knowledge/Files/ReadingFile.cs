using System.Globalization;
using System.Reflection;
using YamlDotNet.RepresentationModel;

namespace IndBot.Knowledge.Files;

/// <summary>Reads <c>reading.yaml</c>: every list present and non-empty, the seven days, windows as times, known services, templates with {0}.</summary>
internal static class ReadingFile
{
    public const string Name = "reading.yaml";

    /// <summary>
    /// The plain word lists: every <c>IReadOnlyList&lt;string&gt;</c> property of <see cref="ReadingWords"/>, each under
    /// its name in camelCase (<c>ClosedWords</c> is <c>closedWords:</c>). Adding a property adds the list.
    /// </summary>
    private static readonly (string Key, PropertyInfo Property)[] WordLists = typeof(ReadingWords).GetProperties()
        .Where(p => p.PropertyType == typeof(IReadOnlyList<string>))
        .Select(p => (char.ToLowerInvariant(p.Name[0]) + p.Name[1..], p))
        .ToArray();

    /// <summary>How many spelled-out hours <c>clockNumbers</c> lists per language: one to twelve.</summary>
    private const int ClockHours = 12;

    public static ReadingWords? Read(string root, IReadOnlyCollection<string> serviceIds, List<KnowledgeProblem> problems)
    {
        var yaml = new YamlTree(Name, problems);
        if (yaml.Load(Path.Combine(root, Name)) is not { } map)
        {
            return null;
        }

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

        var reading = new ReadingWords
        {
            Days = days,
            Periods = periods,
            Services = services,
            Fillers = yaml.LocalizedTexts(yaml.Child(map, "fillers"), "'fillers'"),
            DeskTemplates = Templates(yaml, yaml.Child(map, "deskTemplates"), "deskTemplates", "the desk's name"),
            OrganisationTemplates = Templates(yaml, yaml.Child(map, "organisationTemplates"), "organisationTemplates", "the organisation's word"),
            ClockNumbers = ClockNumbers(yaml, yaml.Child(map, "clockNumbers")),
        };
        foreach (var (key, property) in WordLists)
        {
            property.SetValue(reading, yaml.Texts(yaml.Child(map, key), $"'{key}'"));
        }

        return reading;
    }

    /// <summary>Phrasings with a <c>{0}</c> for the name they are built with, per language.</summary>
    private static LocalizedList Templates(YamlTree yaml, YamlNode? node, string key, string name)
    {
        var templates = yaml.LocalizedTexts(node, $"'{key}'");
        foreach (var language in Languages.All)
        {
            foreach (var template in templates[language].Where(t => !t.Contains("{0}", StringComparison.Ordinal)))
            {
                yaml.Problem(ItemNode(node, language, template), $"the template '{template}' in '{key}' ({language}) has no {{0}} for {name}");
            }
        }

        return templates;
    }

    /// <summary>The item <paramref name="text"/> in the <paramref name="language"/> list under <paramref name="node"/>, for its line.</summary>
    private static YamlNode ItemNode(YamlNode? node, string language, string text) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(language), out var list) && list is YamlSequenceNode items
            ? items.FirstOrDefault(i => i is YamlScalarNode { Value: { } value } && value.Trim() == text) ?? list
            : node!;

    /// <summary>The hours one to twelve spelled out, in order, per language.</summary>
    private static LocalizedList ClockNumbers(YamlTree yaml, YamlNode? node)
    {
        var numbers = yaml.LocalizedTexts(node, "'clockNumbers'");
        foreach (var language in Languages.All)
        {
            if (numbers[language] is { Count: > 0 and not ClockHours } list)
            {
                yaml.Problem(node!, $"'clockNumbers' ({language}) must spell out the hours one to twelve, in order; it has {list.Count}");
            }
        }

        return numbers;
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
