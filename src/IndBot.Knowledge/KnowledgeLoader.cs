using IndBot.Knowledge.Files;

namespace IndBot.Knowledge;

/// <summary>
/// Reads and validates <c>knowledge/</c> as a whole, each kind of file with its own reader (<c>Files/</c>). Every
/// problem is collected with its file and line; a knowledge base with any problem is never returned, so nothing is
/// ever half-loaded.
/// </summary>
public static class KnowledgeLoader
{
    public const int MinimumAlternates = 5;

    /// <summary>Loads the knowledge or throws <see cref="KnowledgeException"/> listing every problem.</summary>
    public static KnowledgeBase Load(string root)
    {
        var (knowledge, problems) = TryLoad(root);
        return problems.Count == 0 && knowledge is not null ? knowledge : throw new KnowledgeException(problems);
    }

    /// <summary>Loads the knowledge and returns it only when there are no problems.</summary>
    public static (KnowledgeBase? Knowledge, IReadOnlyList<KnowledgeProblem> Problems) TryLoad(string root)
    {
        var problems = new List<KnowledgeProblem>();
        var knowledge = Read(Path.GetFullPath(root), problems);
        return problems.Count == 0 ? (knowledge, problems) : (null, problems);
    }

    private static KnowledgeBase? Read(string root, List<KnowledgeProblem> problems)
    {
        if (!Directory.Exists(root))
        {
            problems.Add(new KnowledgeProblem(".", 0, $"the knowledge folder '{root}' does not exist"));
            return null;
        }

        var ids = new TopicIds();
        var faqs = FaqFolder.Read(root, ids, problems);
        var (desks, deskOverview, services) = DesksFile.Read(root, ids, problems);
        var (contacts, contactOverview) = ContactsFile.Read(root, ids, problems);
        var outOfScope = OutOfScopeFile.Read(root, ids, problems);
        var smallTalk = SmallTalkFile.Read(root, problems);
        var messages = MessagesFile.Read(root, problems);
        var synonyms = SynonymFiles.Read(root, problems);
        var wordLists = AnalysisFolder.Read(root, problems);
        var reading = ReadingFile.Read(root, services.Select(s => s.Id).ToList(), problems);
        var organisations = OrganisationsFile.Read(root, problems);
        var places = PlacesFile.Read(root, problems);
        ids.Check(problems);

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
        OrganisationsFile.CheckRelated(organisations, id => knowledge.Find(id) is not null, problems);
        return knowledge;
    }
}
