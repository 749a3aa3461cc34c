using System.ComponentModel.DataAnnotations;

namespace IndBot.Snapshots;

/// <summary>Where the knowledge lives and whether edits are picked up while running ("Knowledge" section).</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>The knowledge folder; empty means the repository's <c>knowledge/</c> (see <see cref="KnowledgeLocator"/>).</summary>
    public string? Path { get; set; }

    /// <summary>Rebuild the index in the background when files under the knowledge folder change.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>Quiet time after the last file change before rebuilding (editors write several files in a burst).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the folder is also checked for changes, for file systems that deliver no change events.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Search results, and decisions, the engine keeps per loaded index (the same questions come in waves); 0 switches
    /// both caches off. A decision is kept for its text, locale, conversation context and minute only.
    /// </summary>
    [Range(0, 1_000_000)]
    public int SearchCacheSize { get; set; } = new IndBot.Answers.Decisions.EngineOptions().SearchCacheSize;
}
