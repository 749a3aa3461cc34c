namespace IndBot.Answers.Decisions;

/// <summary>
/// The features the decision model sees for one candidate of one message: retrieval evidence (confidence, coverage,
/// rank, margin), what the message holds (unknown, corrected and out-of-scope words, other organisations, places,
/// desk slots, follow-up cues) and what the candidate is. Documented in the README; the order is the model's input
/// order, so a change here needs <c>indbot train</c>.
/// </summary>
public static class CandidateFeatures
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "confidence",            // best IDF-weighted two-way overlap (F1) of the candidate's phrasings, over all parts of the message
        "queryCoverage",         // share of the question's weight the best phrasing explains
        "phrasingCoverage",      // share of the best phrasing's weight the question explains
        "wholeConfidence",       // the overlap for the whole message (not one sentence)
        "rank",                  // rank in the whole message's retrieval (9 when not retrieved)
        "bm25Share",             // BM25 score relative to the top hit
        "gapToTop",              // best other candidate's confidence minus this one's (0 for the top)
        "margin",                // this confidence minus the best other's
        "contentWords",          // words of the question parts (at most 30)
        "unknownShare",          // share of words the knowledge does not know at all
        "corrected",             // words corrected as typos
        "outOfScopeWords",       // words only the out-of-scope list knows
        "outOfScopeLead",        // the out-of-scope list's confidence minus this one's
        "unrelatedOrganisation", // the message names another organisation this entry does not mention
        "relatedOrganisation",   // … that this entry's answer does mention (the municipality for an alien's passport)
        "place",                 // the message names a Dutch place without a desk
        "placeNextToDesk",       // … next to a desk word ("IND office Groningen")
        "kindFaq", "kindDesk", "kindDesks", "kindContact", "kindContacts", "kindSmallTalk", "kindPlace",
        "kindNone",              // the candidate "none of the IND's topics" (its retrieval evidence: the out-of-scope list)
        "isNamedDesk",           // this is the desk the message names
        "deskNamed",             // the message names a desk
        "hasTime",               // a day, time or part of the day
        "hasService",            // a desk service (fingerprints, photo, pick-up …)
        "asksHours",
        "asksAddress",
        "allDesksCue",           // "which desks", "one of your desks"
        "onlyDeskWords",         // every word is a desk name, a slot, a desk-question word or a stop word
        "isPrevious",            // the previous answer's entry or desk
        "followUpCue",           // "and …", "it", "there"
        "hasContext",            // the conversation had an answer before
        "answerOverlap",         // share of the question's words found in this entry's answer text
        "exact",                 // a part of the message is exactly one of its phrasings
        "segments",              // question parts in the message
        "fromPart",              // the best confidence came from one part, not the whole message
        "smallTalkMatch",        // for a small-talk candidate: word overlap with its best phrasing
        "onlySmallTalk",         // the message is only greetings, thanks, fillers
        "dutch",                 // the message is in Dutch
        "yesNo",                 // the message is a yes/no question
        "answersDeskQuestion",   // the bot asked "which desk?" and this desk is named
        "abroad",                // the message names another country or "abroad"
        "classifier",            // the topic classifier's probability for this candidate's label
        "classifierTop",         // this label is the classifier's first choice
        "classifierNone",        // the classifier's probability that the message is none of the IND's topics
        "deskCue",               // the words ask about hours, an address, a day or time, or a service
        "organisationShare",     // share of the question's words that name other organisations
        "indNamed",              // the message names the IND ("IND", "immigratiedienst") or speaks to it ("you", "jullie")
        "classifierMargin",      // the classifier's probability for this label minus its best other label's (none included)
        "relatedToPrevious",     // the previous answer's entry names this one as related (or the other way round), or both are contact channels
        "deskBesideDeskWord",    // a desk word stands within three words of the desk's name ("the Zwolle desk", "IND Rotterdam")
        "otherBesideDesk",       // … a word for something else does ("the Rotterdam zoo", "post office in Almelo"): another organisation, a word only the out-of-scope list knows, or one the knowledge does not know
        "otherAskedFirst",       // the first question names another organisation or something only the out-of-scope list knows, and not the IND or a desk
        "asksCost",              // the message asks what something costs (reading.yaml: costWords)
    ];

    public static int Count => Names.Count;

    public static int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, "not a feature");
    }
}
