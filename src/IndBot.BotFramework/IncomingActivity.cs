using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework;

/// <summary>
/// The activity of a <c>POST /api/messages</c> request as <see cref="CloudAdapter.ReadIncomingActivityAsync"/> read it:
/// the activity, or the status and short error the adapter answers with, and how it was authenticated. Kept in the
/// request's features so the body is read, parsed and authenticated once per request.
/// </summary>
public sealed class IncomingActivity
{
    public IncomingActivity(Activity activity)
    {
        Activity = activity ?? throw new ArgumentNullException(nameof(activity));
        StatusCode = 200;
    }

    private IncomingActivity(int statusCode, string errorCode, string errorMessage)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>The parsed activity; null when the request is not a readable activity.</summary>
    public Activity? Activity { get; }

    /// <summary>200 when read; else 400, 413 or 415.</summary>
    public int StatusCode { get; }

    public string? ErrorCode { get; }

    public string? ErrorMessage { get; }

    /// <summary>Set by <see cref="CloudAdapter.ReadAndAuthenticateAsync"/> once the activity is authenticated (or not).</summary>
    public IndBot.BotFramework.Authentication.AuthenticateRequestResult? Authentication { get; internal set; }

    /// <summary>True when a channel token (or an Emulator token) was validated, not merely accepted as anonymous.</summary>
    public bool IsChannelAuthenticated => Authentication is { Succeeded: true, Identity: not null };

    public static IncomingActivity Failed(int statusCode, string errorCode, string errorMessage) => new(statusCode, errorCode, errorMessage);
}
