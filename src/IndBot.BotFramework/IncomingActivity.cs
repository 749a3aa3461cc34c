using IndBot.BotFramework.Http;
using IndBot.BotFramework.Schema;

namespace IndBot.BotFramework;

/// <summary>
/// The activity of a <c>POST /api/messages</c> request as <see cref="CloudAdapter.ReadIncomingActivityAsync"/> read it:
/// the activity, or the short error the adapter answers with, and how it was authenticated. Kept in the request's
/// features so the body is read, parsed and authenticated once per request.
/// </summary>
public sealed class IncomingActivity
{
    public IncomingActivity(Activity activity) => Activity = activity ?? throw new ArgumentNullException(nameof(activity));

    private IncomingActivity(ErrorResponse error) => Error = error;

    /// <summary>The parsed activity; null when the request is not a readable activity.</summary>
    public Activity? Activity { get; }

    /// <summary>Why the request is not a readable activity (400, 408, 413 or 415); null when it is.</summary>
    public ErrorResponse? Error { get; }

    /// <summary>Set by <see cref="CloudAdapter.ReadAndAuthenticateAsync"/> once the activity is authenticated (or not).</summary>
    public IndBot.BotFramework.Authentication.AuthenticateRequestResult? Authentication { get; internal set; }

    /// <summary>True when a channel token (or an Emulator token) was validated, not merely accepted as anonymous.</summary>
    public bool IsChannelAuthenticated => Authentication is { Succeeded: true, Identity: not null };

    public static IncomingActivity Failed(ErrorResponse error) => new(error ?? throw new ArgumentNullException(nameof(error)));
}
