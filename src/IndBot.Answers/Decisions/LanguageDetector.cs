using IndBot.Answers.Text;
using IndBot.Knowledge;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;
using System.Text;

namespace IndBot.Answers.Decisions;

/// <summary>
/// Tells English from Dutch in short messages ("hoi", "loket utrecht", "openingstijden"): the Snowball stop lists
/// shipped with Lucene, plus the words that only one language of the knowledge uses. One foreign term in an
/// otherwise English question ("where is the loket in Utrecht") does not flip the language.
/// </summary>
public sealed class LanguageDetector
{
    private readonly Dictionary<string, string> _only = new(StringComparer.Ordinal);

    public LanguageDetector(KnowledgeBase knowledge)
    {
        var words = Languages.All.ToDictionary(l => l, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var language in Languages.All)
        {
            foreach (var phrase in knowledge.Topics.SelectMany(t => t.Phrasings[language])
                         .Concat(knowledge.SmallTalk.SelectMany(s => s.Phrasings[language]))
                         .Concat(knowledge.Faqs.Select(f => f.Answer[language])))
            {
                words[language].UnionWith(UserText.Words(phrase));
            }

            words[language].UnionWith(SnowballStopWords(language == Languages.Dutch ? "dutch_stop.txt" : "english_stop.txt"));
        }

        foreach (var language in Languages.All)
        {
            var other = Languages.All.First(l => l != language);
            foreach (var word in words[language].Where(w => !words[other].Contains(w) && !w.All(char.IsDigit)))
            {
                _only[word] = language;
            }
        }
    }

    private static IEnumerable<string> SnowballStopWords(string resource)
    {
        using var reader = IOUtils.GetDecodingReader(typeof(SnowballFilter), resource, Encoding.UTF8);
        var set = WordlistLoader.GetSnowballWordSet(reader, LuceneVersion.LUCENE_48);
        foreach (var word in set)
        {
            yield return word?.ToString() ?? "";
        }
    }

    /// <summary>The language of <paramref name="words"/>, or null when the words do not tell.</summary>
    public string? Detect(IReadOnlyList<string> words)
    {
        int english = 0, dutch = 0;
        foreach (var word in words)
        {
            if (_only.TryGetValue(word, out var language))
            {
                if (language == Languages.Dutch)
                {
                    dutch++;
                }
                else
                {
                    english++;
                }
            }
        }

        return english == dutch ? null : english > dutch ? Languages.English : Languages.Dutch;
    }

    /// <summary>
    /// The language to answer in: an explicit choice in the conversation, the client's locale when it is not the
    /// generic default (en-US), the text, the conversation's previous language, English.
    /// </summary>
    public string Choose(IReadOnlyList<string> words, string? locale, ConversationContext context, out bool fromText)
    {
        fromText = false;
        if (context.ChosenLanguage is { } chosen && Languages.IsSupported(chosen))
        {
            return chosen;
        }

        var fromLocale = FromLocale(locale);
        if (fromLocale is not null)
        {
            return fromLocale;
        }

        if (Detect(words) is { } detected)
        {
            fromText = true;
            return detected;
        }

        return context.Language is { } previous && Languages.IsSupported(previous) ? previous : Languages.English;
    }

    /// <summary>nl-* means Dutch; en-US (Bot Framework clients' generic default) and unknown locales decide nothing.</summary>
    public static string? FromLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }

        var lower = locale.Trim().ToLowerInvariant();
        if (lower == "nl" || lower.StartsWith("nl-", StringComparison.Ordinal) || lower.StartsWith("nl_", StringComparison.Ordinal))
        {
            return Languages.Dutch;
        }

        return lower.StartsWith("en-", StringComparison.Ordinal) && lower != "en-us" ? Languages.English : null;
    }
}
