using System.ComponentModel.DataAnnotations;

namespace IndBot.Bot;

/// <summary>IndBot's own settings, bound from the "IndBot" configuration section and validated at start-up.</summary>
public sealed class IndBotOptions
{
    public const string SectionName = "IndBot";

    /// <summary>Send the answer trace on every channel, not only the Emulator (for support staff testing in Web Chat or Teams).</summary>
    public bool TraceOnAllChannels { get; set; }

    /// <summary>How long a conversation's state (follow-up context, offered options, rateable answers) is kept after it last changed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ConversationExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Send a typing indicator before each answer on Direct Line / Web Chat (not in an expectReplies body, which arrives at once).</summary>
    public bool TypingIndicator { get; set; } = true;

    /// <summary>On shutdown (a deployment slot swap, scale-in), how long turns in progress may take to finish.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
