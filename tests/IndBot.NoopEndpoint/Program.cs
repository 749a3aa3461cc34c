using System.Text.Json;
using IndBot.BotFramework;
using IndBot.BotFramework.Schema;

// A no-op Bot Framework endpoint: POST /api/messages parses the activity with the bot's source-generated JSON context
// (IndBot.BotFramework BotJsonContext) and answers one canned reply as an expectReplies body. No logging per request,
// no authentication, no bot. Run: dotnet indbot-noop.dll --urls http://127.0.0.1:3979
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddConsole().AddFilter((category, level) => level >= LogLevel.Warning || category == "Microsoft.Hosting.Lifetime");
var app = builder.Build();

// The canned reply's text is about the size of a real answer, so both endpoints write comparable bodies.
const string CannedText =
    "The IND decides on most residence permit applications within 90 days. You can find the processing time for your " +
    "application on the IND website. If the IND needs more information, the period is extended and you will receive a letter.";

app.MapGet("/healthz", () => Results.Text("""{"status":"ok"}""", "application/json"));

app.MapPost("/api/messages", async (HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
{
    Activity? activity;
    try
    {
        activity = await JsonSerializer.DeserializeAsync(request.Body, BotJsonContext.Default.Activity, cancellationToken).ConfigureAwait(false);
    }
    catch (JsonException)
    {
        response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    if (string.IsNullOrEmpty(activity?.Type))
    {
        response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    var reply = activity.CreateReply(CannedText, "en-US");
    reply.TextFormat = TextFormatTypes.Markdown;
    reply.InputHint = InputHints.AcceptingInput;

    response.StatusCode = StatusCodes.Status200OK;
    response.ContentType = "application/json; charset=utf-8";
    await JsonSerializer.SerializeAsync(response.Body, new ExpectedReplies { Activities = [reply] }, BotJsonContext.Default.ExpectedReplies, cancellationToken).ConfigureAwait(false);
});

await app.RunAsync();
