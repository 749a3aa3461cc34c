namespace IndBot.Knowledge;

/// <summary>A part of the day and the window it means ("lunchtime" 12:00–13:00); <see cref="To"/> null is midnight.</summary>
/// <param name="Whole">The question needs the whole window open ("all day"), not a moment in it.</param>
public sealed record DayPeriod(IReadOnlyList<string> Words, TimeOnly From, TimeOnly? To, bool Whole = false);

/// <summary>
/// The words IndBot reads messages with (<c>reading.yaml</c>): days and times, what a desk question asks, fillers
/// around a question and the phrasings built for every desk. Phrases are kept as written; the engine normalises them.
/// </summary>
public sealed class ReadingWords
{
    public required IReadOnlyDictionary<DayOfWeek, IReadOnlyList<string>> Days { get; init; }
    public required IReadOnlyList<string> AmbiguousDays { get; init; }
    public required IReadOnlyList<string> Today { get; init; }
    public required IReadOnlyList<string> Tomorrow { get; init; }
    public required IReadOnlyList<string> DayAfterTomorrow { get; init; }
    public required IReadOnlyList<string> Now { get; init; }
    public required IReadOnlyList<string> Weekend { get; init; }
    public required IReadOnlyList<DayPeriod> Periods { get; init; }
    public required IReadOnlyList<string> ClosedWords { get; init; }
    public required IReadOnlyList<string> HoursWords { get; init; }
    public required IReadOnlyList<string> ClosingWords { get; init; }
    public required IReadOnlyList<string> OpeningWords { get; init; }
    public required IReadOnlyList<string> AddressWords { get; init; }
    public required IReadOnlyList<string> CountWords { get; init; }
    public required IReadOnlyList<string> AllDesksWords { get; init; }
    public required IReadOnlyList<string> ReferenceWords { get; init; }
    public required IReadOnlyList<string> FollowUpStarts { get; init; }
    public required IReadOnlyList<string> YesNoStarts { get; init; }
    public required IReadOnlyList<string> WhWords { get; init; }
    public required IReadOnlyList<string> YesNoPhrases { get; init; }
    public required IReadOnlyList<string> AllQuantifiers { get; init; }
    public required IReadOnlyList<string> AbroadWords { get; init; }
    public required IReadOnlyList<string> PersonalDataLabels { get; init; }

    /// <summary>Words per desk service id.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Services { get; init; }

    public required IReadOnlyList<string> DeskQuestionWords { get; init; }
    public required IReadOnlyList<string> PlacePrepositions { get; init; }

    /// <summary>The only words that may stand between two desk names for both to be asked about ("Zwolle and Amsterdam").</summary>
    public required IReadOnlyList<string> DeskJoiners { get; init; }

    /// <summary>Of the joiners, the conjunctions: one must stand between two desk names ("and", "of").</summary>
    public required IReadOnlyList<string> DeskConjunctions { get; init; }

    /// <summary>Words for an IND desk itself ("office", "loket"): a place or desk name next to one is asked about as a desk.</summary>
    public required IReadOnlyList<string> DeskWords { get; init; }
    public required IReadOnlyList<string> PlaceLookalikes { get; init; }

    /// <summary>Words for the IND's own business ("permit", "aanvraag"): a question with one that cannot be answered is the IND's, not someone else's.</summary>
    public required IReadOnlyList<string> IndTopicWords { get; init; }
    public required LocalizedList Fillers { get; init; }
    public required LocalizedList DeskTemplates { get; init; }
}

/// <summary>Another organisation people ask about (<c>organisations.yaml</c>): a question about it is not for the IND.</summary>
/// <param name="Related">Entries whose answer itself mentions this organisation.</param>
public sealed record Organisation(string Id, LocalizedText Name, IReadOnlyList<string> Words, IReadOnlyList<string> Related);

/// <summary>A place in the Netherlands (<c>places/places.tsv</c>, from GeoNames), with the other names people use for it.</summary>
public sealed record Place(string Name, double Latitude, double Longitude, IReadOnlyList<string> OtherNames)
{
    public IEnumerable<string> Names => OtherNames.Prepend(Name);
}
