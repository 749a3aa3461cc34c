using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using IndBot.Answers.Decisions;
using IndBot.Answers.Retrieval;
using IndBot.BotFramework;
using IndBot.BotFramework.Schema;
using IndBot.Knowledge;

namespace IndBot.Benchmarks;

/// <summary>
/// The protocol side of one turn, without HTTP: parsing the incoming activity as <c>CloudAdapter</c> does, building a
/// reply activity shaped like the bot's answer (Markdown text, call button card, feedback card) and rendering the
/// <c>expectReplies</c> body to JSON with the source-generated <see cref="BotJsonContext"/>.
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private const string Incoming = """
        {"type":"message","id":"m1","timestamp":"2025-01-06T10:00:00.000Z","serviceUrl":"http://127.0.0.1:1/",
         "channelId":"directline","from":{"id":"user-1","name":"Visitor"},"conversation":{"id":"conv-1"},
         "recipient":{"id":"indbot","name":"IndBot"},"locale":"en-US","deliveryMode":"expectReplies",
         "text":"How long does it take before I get my residence permit?"}
        """;

    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private byte[] _incoming = null!;
    private Activity _request = null!;
    private Activity _reply = null!;
    private string _answerText = "";

    [GlobalSetup]
    public void Setup()
    {
        _incoming = Encoding.UTF8.GetBytes(Incoming);
        _request = JsonSerializer.Deserialize(_incoming, BotJsonContext.Default.Activity)!;

        // A real answer text from the knowledge, so the payload has the bot's size and characters.
        var knowledge = KnowledgeLoader.Load(Paths.Knowledge);
        _answerText = knowledge.Faqs.Single(f => f.Id == "application-status").Answer["en"];
        _reply = BuildReply();
    }

    [Benchmark(Description = "parse incoming activity (one pass, source-gen; as CloudAdapter)")]
    public Activity ParseActivity() => JsonSerializer.Deserialize(_incoming, BotJsonContext.Default.Activity)!;

    [Benchmark(Description = "build reply activity (answer + 2 hero cards)")]
    public Activity BuildReplyActivity() => BuildReply();

    [Benchmark(Description = "render expectReplies body to JSON")]
    public int RenderReplyJson() => Render(_reply);

    [Benchmark(Description = "build + render reply")]
    public int BuildAndRender() => Render(BuildReply());

    private int Render(Activity reply)
    {
        _buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_buffer);
        JsonSerializer.Serialize(writer, new ExpectedReplies { Activities = [reply] }, BotJsonContext.Default.ExpectedReplies);
        return _buffer.WrittenCount;
    }

    private Activity BuildReply()
    {
        var call = new HeroCard { Buttons = [new CardAction(ActionTypes.OpenUrl, "Call the IND", "tel:+31880430430")] }.ToAttachment();
        var feedback = new HeroCard
        {
            Text = "Was this helpful?",
            Buttons =
            [
                new CardAction { Type = ActionTypes.MessageBack, Title = "Yes", Text = "Yes", DisplayText = "Yes", Value = Feedback(true) },
                new CardAction { Type = ActionTypes.MessageBack, Title = "No", Text = "No", DisplayText = "No", Value = Feedback(false) },
            ],
        }.ToAttachment();

        var reply = MessageFactory.Attachment([call, feedback], _answerText);
        reply.TextFormat = TextFormatTypes.Markdown;
        reply.InputHint = InputHints.AcceptingInput;
        reply.Locale = "en-US";
        var full = _request.CreateReply(reply.Text, reply.Locale);
        full.Attachments = reply.Attachments;
        full.AttachmentLayout = reply.AttachmentLayout;
        full.TextFormat = reply.TextFormat;
        full.InputHint = reply.InputHint;
        return full;
    }

    /// <summary>As the bot's FeedbackValue.ToElement: BotJson.ToElement of a type not in BotJsonContext (reflection fallback).</summary>
    private static JsonElement Feedback(bool helpful) =>
        BotJson.ToElement(new FeedbackValue { Helpful = helpful, EntryId = "processing-times", Language = "en" });

    [Benchmark(Description = "feedback value: BotJson.ToElement (reflection fallback)")]
    public JsonElement FeedbackReflection() => Feedback(true);

    [Benchmark(Description = "feedback value: source-gen context")]
    public JsonElement FeedbackSourceGen() =>
        JsonSerializer.SerializeToElement(new FeedbackValue { Helpful = true, EntryId = "processing-times", Language = "en" }, BenchJsonContext.Default.FeedbackValue);
}

/// <summary>Same shape as src/IndBot/Bot/FeedbackValue.cs.</summary>
public sealed record FeedbackValue
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "indbot.feedback";

    [JsonPropertyName("helpful")]
    public bool Helpful { get; init; }

    [JsonPropertyName("entryId")]
    public string? EntryId { get; init; }

    [JsonPropertyName("language")]
    public string? Language { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FeedbackValue))]
public sealed partial class BenchJsonContext : JsonSerializerContext;
