namespace IndBot.BotFramework.DirectLine;

/// <summary>Options of the self-hosted Direct Line 3.0 endpoint, bound from the "DirectLine" configuration section.</summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>
    /// Azure Direct Line secret. When set, <c>POST /api/directline/token</c> exchanges it server-side for an Azure token
    /// (the secret never reaches the browser) and the widget talks to Azure; when empty, tokens are issued locally.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Azure's token endpoint, used only with <see cref="Secret"/>.</summary>
    public Uri GenerateTokenUrl { get; set; } = new("https://directline.botframework.com/v3/directline/tokens/generate");

    /// <summary>Lifetime of a locally issued token; clients refresh it through <c>/v3/directline/tokens/refresh</c>.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A conversation nobody used (posted, polled or refreshed) for this long is dropped from memory.</summary>
    public TimeSpan ConversationIdleTimeout { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Origins (e.g. <c>https://www.example.nl</c>) whose pages may call the token and Direct Line routes. A page on the bot's own origin needs no entry.</summary>
    public IList<string> AllowedOrigins { get; set; } = [];

    /// <summary>Conversations kept in memory; when full, the longest idle make room for a new one.</summary>
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>Older activities of a conversation are dropped beyond this number; watermarks stay valid.</summary>
    public int MaxActivitiesPerConversation { get; set; } = 500;

    /// <summary>Older activities of a conversation are dropped beyond this many bytes (as JSON); watermarks stay valid.</summary>
    public long MaxBytesPerConversation { get; set; } = 512 * 1024;

    /// <summary>All conversations together; beyond it the longest-idle conversations are dropped.</summary>
    public long MaxStoreBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Most bytes (as JSON) of activities in one <c>GET …/activities</c> answer; the client polls on from the watermark.</summary>
    public long MaxPageBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Largest accepted activity body. Web Chat's activities are under 2 KB; <see cref="MaxTextLength"/> characters at
    /// four bytes each plus its envelope fit with room to spare.
    /// </summary>
    public int MaxRequestBodyBytes { get; set; } = 32 * 1024;

    /// <summary>Longest text of a posted activity, as the bot answers on /api/messages (2,000 characters).</summary>
    public int MaxTextLength { get; set; } = 2000;

    /// <summary>Channel id the bot sees on activities from this endpoint.</summary>
    public string ChannelId { get; set; } = "directline";

    /// <summary>The bot's account in conversations (recipient of user activities, sender of replies).</summary>
    public string BotId { get; set; } = "bot";

    public string BotName { get; set; } = "Bot";

    /// <summary>How long one bot turn may take before the post fails with 502 (Azure Direct Line also gives up after 15 s).</summary>
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>An open stream sends an empty message when nothing else was sent for this long (and the WebSocket pings as often).</summary>
    public TimeSpan StreamHeartbeat { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Streams (WebSockets) one instance keeps open at once; beyond it a new stream gets 429 and the client polls.</summary>
    public int MaxStreams { get; set; } = 5_000;

    public DirectLineRateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>Token-bucket limits. A limited message still gets its echo plus a short notice from the bot's side.</summary>
public sealed class DirectLineRateLimitOptions
{
    /// <summary>Activities a conversation may post per minute (burst up to the same number).</summary>
    public int ActivitiesPerConversationPerMinute { get; set; } = 20;

    /// <summary>Activities all conversations of one client IP may post per minute.</summary>
    public int ActivitiesPerIpPerMinute { get; set; } = 60;

    /// <summary>Tokens one client IP may get per minute, and (counted apart) conversations it may start.</summary>
    public int ConversationsPerIpPerMinute { get; set; } = 10;

    /// <summary>
    /// Notice shown when a conversation sends too fast, unless the bot words its own (<see cref="IDirectLineRateLimitNotice"/>).
    /// </summary>
    public string Message { get; set; } = "You're sending messages very quickly. Please wait a moment and then try again.";
}
