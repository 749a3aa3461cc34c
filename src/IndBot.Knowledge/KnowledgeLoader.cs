using System.Globalization;
using System.Text.RegularExpressions;
using IndBot.Knowledge.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace IndBot.Knowledge;

/// <summary>
/// Reads and validates <c>knowledge/</c> as a whole. Every problem is collected with its file and line;
/// a knowledge base with any problem is never returned, so nothing is ever half-loaded.
/// </summary>
public static partial class KnowledgeLoader
{
    public const int MinimumAlternates = 5;

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>Loads the knowledge or throws <see cref="KnowledgeException"/> listing every problem.</summary>
    public static KnowledgeBase Load(string root)
    {
        var (knowledge, problems) = TryLoad(root);
        return problems.Count == 0 && knowledge is not null ? knowledge : throw new KnowledgeException(problems);
    }

    /// <summary>Loads the knowledge and returns it only when there are no problems.</summary>
    public static (KnowledgeBase? Knowledge, IReadOnlyList<KnowledgeProblem> Problems) TryLoad(string root)
    {
        var reader = new Reader(Path.GetFullPath(root));
        var knowledge = reader.Read();
        return reader.Problems.Count == 0 ? (knowledge, reader.Problems) : (null, reader.Problems);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")]
    private static partial Regex HoursPattern();

    private sealed class Reader(string root)
    {
        private readonly List<KnowledgeProblem> _problems = [];
        private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

        public List<KnowledgeProblem> Problems => _problems;

        public KnowledgeBase? Read()
        {
            if (!Directory.Exists(root))
            {
                Problem(".", 0, $"the knowledge folder '{root}' does not exist");
                return null;
            }

            var faqs = ReadFaqs();
            var (desks, deskOverview, services) = ReadDesks();
            var (contacts, contactOverview) = ReadContacts();
            var outOfScope = ReadOutOfScope();
            var smallTalk = ReadSmallTalk();
            var messages = ReadMessages();
            var synonyms = ReadSynonyms();
            var wordLists = ReadWordLists();
            var reading = Files.ReadingFile.Read(root, services.Select(s => s.Id).ToList(), _problems);
            var organisations = Files.OrganisationsFile.Read(root, _problems);
            var places = Files.PlacesFile.Read(root, _problems);

            var knowledge = new KnowledgeBase
            {
                RootPath = root,
                Faqs = faqs,
                Desks = desks,
                DeskOverview = deskOverview,
                DeskServices = services,
                Contacts = contacts,
                ContactOverview = contactOverview,
                OutOfScope = outOfScope,
                SmallTalk = smallTalk,
                Messages = messages,
                Synonyms = synonyms,
                WordLists = wordLists,
                Reading = reading!,
                Organisations = organisations,
                Places = places,
            };
            CheckIds(knowledge);
            Files.OrganisationsFile.CheckRelated(organisations, id => knowledge.Find(id) is not null, _problems);
            return knowledge;
        }

        private void Problem(string file, int line, string message) => _problems.Add(new KnowledgeProblem(file, line, message));

        private string Relative(string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

        /// <summary>The line where <paramref name="needle"/> first appears in the file, for messages about values.</summary>
        private int LineOf(string file, string needle, int after = 0)
        {
            if (!_texts.TryGetValue(file, out var text) || string.IsNullOrEmpty(needle))
            {
                return 0;
            }

            var lines = text.Split('\n');
            for (var i = Math.Max(0, after - 1); i < lines.Length; i++)
            {
                if (lines[i].Contains(needle, StringComparison.Ordinal))
                {
                    return i + 1;
                }
            }

            return 0;
        }

        private T? Parse<T>(string path, bool required = true)
            where T : class
        {
            var file = Relative(path);
            if (!File.Exists(path))
            {
                if (required)
                {
                    Problem(file, 0, "the file is missing");
                }

                return null;
            }

            var text = File.ReadAllText(path);
            _texts[file] = text;
            try
            {
                var document = Deserializer.Deserialize<T>(text);
                if (document is null)
                {
                    Problem(file, 1, "the file is empty");
                }

                return document;
            }
            catch (YamlException e)
            {
                var reason = (e.InnerException?.Message ?? e.Message).Split('\n')[0];
                Problem(file, (int)e.Start.Line, $"cannot be read as YAML: {reason}");
                return null;
            }
        }

        private LocalizedText Text(string file, int line, string what, Dictionary<string, string>? values, bool required = true)
        {
            var texts = new Dictionary<string, string>();
            foreach (var language in Languages.All)
            {
                if (values is not null && values.TryGetValue(language, out var value) && !string.IsNullOrWhiteSpace(value))
                {
                    texts[language] = value.Trim();
                }
                else if (required)
                {
                    Problem(file, line, $"{what} lacks the {LanguageName(language)} text ({language})");
                }
            }

            if (values is not null)
            {
                foreach (var key in values.Keys.Where(k => !Languages.IsSupported(k)))
                {
                    Problem(file, LineOf(file, key + ":", line), $"{what} has an unknown language '{key}' (use en or nl)");
                }
            }

            return new LocalizedText(texts);
        }

        private LocalizedList List(string file, int line, string what, Dictionary<string, List<string>>? values, int minimum)
        {
            var lists = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var language in Languages.All)
            {
                var items = (values is not null && values.TryGetValue(language, out var l) ? l : [])
                    .Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
                if (items.Count < minimum)
                {
                    Problem(file, line, $"{what} has {items.Count} {LanguageName(language)} phrasings ({language}); at least {minimum} are needed");
                }

                lists[language] = items;
            }

            return new LocalizedList(lists);
        }

        private static string LanguageName(string language) => language == Languages.Dutch ? "Dutch" : "English";

        private List<FaqEntry> ReadFaqs()
        {
            var folder = Path.Combine(root, "faq");
            var entries = new List<FaqEntry>();
            if (!Directory.Exists(folder))
            {
                Problem("faq", 0, "the folder of FAQ entries is missing");
                return entries;
            }

            foreach (var path in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
            {
                var file = Relative(path);
                var doc = Parse<FaqDocument>(path);
                if (doc is null)
                {
                    continue;
                }

                var idLine = Math.Max(1, LineOf(file, "id:"));
                var id = doc.Id?.Trim() ?? "";
                var expected = Path.GetFileNameWithoutExtension(path);
                if (id.Length == 0)
                {
                    Problem(file, idLine, "the entry has no id");
                    continue;
                }

                if (!IdPattern().IsMatch(id))
                {
                    Problem(file, idLine, $"the id '{id}' may only hold lower-case letters, digits and '-'");
                }
                else if (id != expected)
                {
                    Problem(file, idLine, $"the id '{id}' differs from the file name '{expected}'");
                }

                var reviewed = DateOnly.MinValue;
                if (string.IsNullOrWhiteSpace(doc.Reviewed))
                {
                    Problem(file, idLine, "the entry has no last-reviewed date (reviewed: yyyy-MM-dd)");
                }
                else if (!DateOnly.TryParseExact(doc.Reviewed.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out reviewed))
                {
                    Problem(file, LineOf(file, "reviewed:"), $"the reviewed date '{doc.Reviewed}' is not a date like 2026-11-25");
                }

                if (string.IsNullOrWhiteSpace(doc.Source))
                {
                    Problem(file, idLine, "the entry does not name its source (source: the seed file name)");
                }

                var question = Text(file, Math.Max(idLine, LineOf(file, "question:")), "the question", doc.Question);
                var alternates = List(file, Math.Max(idLine, LineOf(file, "alternates:")), "the entry", doc.Alternates, MinimumAlternates);
                entries.Add(new FaqEntry
                {
                    Id = id,
                    Title = Text(file, Math.Max(idLine, LineOf(file, "title:")), "the title", doc.Title),
                    Question = question,
                    Answer = Text(file, Math.Max(idLine, LineOf(file, "answer:")), "the answer", doc.Answer),
                    Phrasings = WithFirst(question, alternates),
                    Related = doc.Related?.Select(r => r.Trim()).ToList() ?? [],
                    Source = doc.Source?.Trim() ?? "",
                    SourceNotes = doc.SourceNotes?.Trim(),
                    Reviewed = reviewed,
                    Location = new SourceLocation(file, idLine),
                });
            }

            if (entries.Count == 0 && !_problems.Any(p => p.File.StartsWith("faq", StringComparison.Ordinal)))
            {
                Problem("faq", 0, "there are no FAQ entries");
            }

            return entries;
        }

        private static LocalizedList WithFirst(LocalizedText first, LocalizedList rest) =>
            new(Languages.All.ToDictionary(
                l => l,
                l => (IReadOnlyList<string>)(first.Has(l) ? rest[l].Prepend(first[l]).ToList() : rest[l].ToList())));

        private WeeklyHours Hours(string file, int line, Dictionary<string, string>? hours)
        {
            var days = new Dictionary<DayOfWeek, TimeRange>();
            foreach (var (day, value) in hours ?? [])
            {
                var dayLine = LineOf(file, day + ":", line);
                if (!Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var dayOfWeek) || int.TryParse(day, out _))
                {
                    Problem(file, dayLine, $"'{day}' is not a weekday (monday … sunday)");
                    continue;
                }

                var match = HoursPattern().Match(value ?? "");
                if (!match.Success || !TryTime(match.Groups[1].Value, match.Groups[2].Value, out var from) ||
                    !TryTime(match.Groups[3].Value, match.Groups[4].Value, out var to))
                {
                    Problem(file, dayLine, $"the hours '{value}' on {day} are not valid times like 09:00-16:00");
                    continue;
                }

                if (to <= from)
                {
                    Problem(file, dayLine, $"the hours '{value}' on {day} close before they open");
                    continue;
                }

                days[dayOfWeek] = new TimeRange(from, to);
            }

            return new WeeklyHours(days);
        }

        private static bool TryTime(string hours, string minutes, out TimeOnly time)
        {
            time = default;
            var h = int.Parse(hours, CultureInfo.InvariantCulture);
            var m = int.Parse(minutes, CultureInfo.InvariantCulture);
            if (h > 23 || m > 59)
            {
                return false;
            }

            time = new TimeOnly(h, m);
            return true;
        }

        private (List<Desk>, DeskOverview, List<DeskService>) ReadDesks()
        {
            var path = Path.Combine(root, "desks.yaml");
            var file = Relative(path);
            var doc = Parse<DesksDocument>(path);
            var services = new List<DeskService>();
            var desks = new List<Desk>();
            foreach (var s in doc?.Services ?? [])
            {
                var line = LineOf(file, "id: " + s.Id);
                if (string.IsNullOrWhiteSpace(s.Id))
                {
                    Problem(file, line, "a service has no id");
                    continue;
                }

                var name = Text(file, line, $"the service '{s.Id}'", new Dictionary<string, string> { ["en"] = s.En ?? "", ["nl"] = s.Nl ?? "" });
                services.Add(new DeskService(s.Id.Trim(), name, s.Appointment));
            }

            foreach (var d in doc?.Desks ?? [])
            {
                var line = LineOf(file, "id: " + d.Id);
                if (string.IsNullOrWhiteSpace(d.Id))
                {
                    Problem(file, LineOf(file, "name: " + d.Name), "a desk has no id");
                    continue;
                }

                foreach (var (field, value) in new[] { ("name", d.Name), ("building", d.Building), ("street", d.Street), ("postcode", d.Postcode), ("city", d.City) })
                {
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        Problem(file, line, $"the desk '{d.Id}' has no {field}");
                    }
                }

                var hours = Hours(file, line, d.Hours);
                if (hours.IsEmpty)
                {
                    Problem(file, line, $"the desk '{d.Id}' has no opening hours");
                }

                var unavailable = new List<DeskService>();
                foreach (var u in d.Unavailable ?? [])
                {
                    var service = services.FirstOrDefault(s => s.Id == u.Trim());
                    if (service is null)
                    {
                        Problem(file, LineOf(file, u, line), $"the desk '{d.Id}' lists an unknown service '{u}'");
                    }
                    else
                    {
                        unavailable.Add(service);
                    }
                }

                var city = d.City?.Trim() ?? "";
                var names = (d.Aliases ?? []).Prepend(city).Where(n => n.Length > 0).ToList();
                desks.Add(new Desk
                {
                    Id = d.Id.Trim(),
                    Title = new LocalizedText(Languages.All.ToDictionary(l => l, _ => d.Name?.Trim() ?? city)),
                    Phrasings = List(file, line, $"the desk '{d.Id}'", d.Alternates, 0),
                    Name = d.Name?.Trim() ?? "",
                    Building = d.Building?.Trim() ?? "",
                    Street = d.Street?.Trim() ?? "",
                    Postcode = d.Postcode?.Trim() ?? "",
                    City = city,
                    Aliases = (d.Aliases ?? []).Select(a => a.Trim()).ToList(),
                    Hours = hours,
                    Services = services.Except(unavailable).ToList(),
                    Unavailable = unavailable,
                    Note = d.Note is null ? LocalizedText.Empty : Text(file, line, $"the note of '{d.Id}'", d.Note),
                });
            }

            if (doc is not null && desks.Count == 0)
            {
                Problem(file, 1, "there are no desks");
            }

            var overviewLine = Math.Max(1, LineOf(file, "overview:"));
            var overview = new DeskOverview
            {
                Id = "desks",
                Title = Text(file, overviewLine, "the desk overview title", doc?.Overview?.Title, doc is not null),
                Phrasings = List(file, overviewLine, "the desk overview", doc?.Overview?.Alternates, doc is null ? 0 : MinimumAlternates),
            };
            return (desks, overview, services);
        }

        private (List<ContactChannel>, ContactOverview) ReadContacts()
        {
            var path = Path.Combine(root, "contacts.yaml");
            var file = Relative(path);
            var doc = Parse<ContactsDocument>(path);
            var channels = new List<ContactChannel>();
            string[] kinds = ["phone", "email", "twitter", "post", "desk"];
            foreach (var c in doc?.Channels ?? [])
            {
                var line = LineOf(file, "id: " + c.Id);
                if (string.IsNullOrWhiteSpace(c.Id))
                {
                    Problem(file, line, "a contact channel has no id");
                    continue;
                }

                if (!c.Id.StartsWith("contact-", StringComparison.Ordinal))
                {
                    Problem(file, line, $"the contact channel id '{c.Id}' must start with 'contact-'");
                }

                if (c.Kind is null || !kinds.Contains(c.Kind))
                {
                    Problem(file, line, $"the contact channel '{c.Id}' has kind '{c.Kind}'; use one of {string.Join(", ", kinds)}");
                }

                if (string.IsNullOrWhiteSpace(c.Value))
                {
                    Problem(file, line, $"the contact channel '{c.Id}' has no value");
                }

                channels.Add(new ContactChannel
                {
                    Id = c.Id.Trim(),
                    Title = Text(file, line, $"the title of '{c.Id}'", c.Title),
                    Phrasings = List(file, line, $"the contact channel '{c.Id}'", c.Alternates, MinimumAlternates),
                    ChannelKind = c.Kind ?? "",
                    Value = c.Value?.Trim() ?? "",
                    Link = string.IsNullOrWhiteSpace(c.Link) ? null : c.Link.Trim(),
                    Hours = Hours(file, line, c.Hours),
                    Answer = Text(file, line, $"the answer of '{c.Id}'", c.Answer),
                    SourceNotes = c.SourceNotes?.Trim(),
                });
            }

            var overviewLine = Math.Max(1, LineOf(file, "overview:"));
            var overview = new ContactOverview
            {
                Id = doc?.Overview?.Id?.Trim() ?? "contact",
                Title = Text(file, overviewLine, "the contact overview title", doc?.Overview?.Title, doc is not null),
                Answer = Text(file, overviewLine, "the contact overview answer", doc?.Overview?.Answer, doc is not null),
                Phrasings = List(file, overviewLine, "the contact overview", doc?.Overview?.Alternates, doc is null ? 0 : MinimumAlternates),
            };
            return (channels, overview);
        }

        private OutOfScopeTopic ReadOutOfScope()
        {
            var path = Path.Combine(root, "outofscope.yaml");
            var doc = Parse<OutOfScopeDocument>(path);
            return new OutOfScopeTopic
            {
                Id = "out-of-scope",
                Title = new LocalizedText(new Dictionary<string, string> { ["en"] = "Not something the IND answers here", ["nl"] = "Geen vraag voor de IND" }),
                Phrasings = List(Relative(path), 1, "the out-of-scope list", doc?.Phrasings, doc is null ? 0 : 1),
            };
        }

        private List<SmallTalkIntent> ReadSmallTalk()
        {
            var path = Path.Combine(root, "smalltalk.yaml");
            var file = Relative(path);
            var doc = Parse<SmallTalkDocument>(path);
            var intents = new List<SmallTalkIntent>();
            foreach (var i in doc?.Intents ?? [])
            {
                var line = LineOf(file, "id: " + i.Id);
                if (string.IsNullOrWhiteSpace(i.Id))
                {
                    Problem(file, line, "a small-talk intent has no id");
                    continue;
                }

                if (i.SwitchTo is not null && !Languages.IsSupported(i.SwitchTo))
                {
                    Problem(file, line, $"the intent '{i.Id}' switches to the unknown language '{i.SwitchTo}'");
                }

                intents.Add(new SmallTalkIntent
                {
                    Id = i.Id.Trim(),
                    Phrasings = List(file, line, $"the intent '{i.Id}'", i.Phrasings, 1),
                    Reply = Text(file, line, $"the reply of '{i.Id}'", i.Reply),
                    SwitchTo = i.SwitchTo,
                });
            }

            if (intents.GroupBy(i => i.Id).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            {
                Problem(file, LineOf(file, "id: " + duplicate.Key), $"the intent id '{duplicate.Key}' is used twice");
            }

            return intents;
        }

        private Messages ReadMessages()
        {
            var path = Path.Combine(root, "messages.yaml");
            var file = Relative(path);
            var doc = Parse<Dictionary<string, Dictionary<string, object>>>(path) ?? [];
            var texts = new Dictionary<string, LocalizedText>();
            var lists = new Dictionary<string, LocalizedList>();
            foreach (var (key, values) in doc)
            {
                var line = LineOf(file, key + ":");
                if (Messages.RequiredLists.Contains(key))
                {
                    var list = (values ?? []).ToDictionary(
                        kv => kv.Key,
                        kv => kv.Value is List<object> l ? l.Select(o => o?.ToString() ?? "").ToList() : []);
                    lists[key] = List(file, line, $"the message '{key}'", list, 1);
                }
                else
                {
                    texts[key] = Text(file, line, $"the message '{key}'", (values ?? []).ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? ""));
                }
            }

            if (File.Exists(path))
            {
                foreach (var key in Messages.RequiredTexts.Concat(Messages.RequiredLists).Where(k => !doc.ContainsKey(k)))
                {
                    Problem(file, 1, $"the message '{key}' is missing");
                }

                if (lists.TryGetValue("dayNames", out var days) && Languages.All.Any(l => days[l].Count != 7))
                {
                    Problem(file, LineOf(file, "dayNames:"), "dayNames needs exactly 7 names per language, Monday first");
                }
            }

            return new Messages(texts, lists);
        }

        private List<SynonymFile> ReadSynonyms()
        {
            var files = new List<SynonymFile>();
            foreach (var language in Languages.All)
            {
                var path = Path.Combine(root, "synonyms", language + ".txt");
                if (!File.Exists(path))
                {
                    Problem(Relative(path), 0, "the synonym file is missing");
                    continue;
                }

                files.Add(new SynonymFile(language, Relative(path), File.ReadAllText(path)));
            }

            return files;
        }

        private List<WordList> ReadWordLists()
        {
            var lists = new List<WordList>();
            var folder = Path.Combine(root, "analysis");
            if (!Directory.Exists(folder))
            {
                return lists;
            }

            foreach (var path in Directory.EnumerateFiles(folder, "*.txt").Order(StringComparer.Ordinal))
            {
                var parts = Path.GetFileNameWithoutExtension(path).Split('.');
                if (parts.Length != 2 || !Languages.IsSupported(parts[1]))
                {
                    Problem(Relative(path), 0, "word lists are named <name>.<language>.txt, for example stopwords.en.txt");
                    continue;
                }

                var lines = File.ReadAllLines(path)
                    .Select((text, i) => (Line: i + 1, Text: text.Trim()))
                    .Where(l => l.Text.Length > 0 && !l.Text.StartsWith('#'))
                    .ToList();
                lists.Add(new WordList(parts[0], parts[1], Relative(path), lines));
            }

            return lists;
        }

        private void CheckIds(KnowledgeBase knowledge)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var topic in knowledge.Topics)
            {
                var where = topic switch
                {
                    FaqEntry f => f.Location.File,
                    Desk or DeskOverview => "desks.yaml",
                    ContactChannel or ContactOverview => "contacts.yaml",
                    _ => "outofscope.yaml",
                };
                if (seen.TryGetValue(topic.Id, out var first))
                {
                    Problem(where, LineOf(where, topic.Id), $"the id '{topic.Id}' is already used in {first}");
                }
                else
                {
                    seen[topic.Id] = where;
                }
            }

            foreach (var entry in knowledge.Faqs)
            {
                foreach (var related in entry.Related.Where(r => !seen.ContainsKey(r)))
                {
                    Problem(entry.Location.File, LineOf(entry.Location.File, related, LineOf(entry.Location.File, "related:")), $"related id '{related}' is not a known entry");
                }
            }
        }
    }
}
