using IndBot.BotFramework.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace IndBot.BotFramework.DirectLine;

/// <summary>Runs one bot turn for an activity the Direct Line endpoint built and trusts; returns the bot's replies.</summary>
public interface IDirectLineTurnRunner
{
    /// <summary>Runs the turn; <paramref name="onReply"/> receives each reply as the bot sends it and returns the id it stored it under.</summary>
    Task RunTurnAsync(Activity activity, Func<Activity, CancellationToken, Task<string?>> onReply, CancellationToken cancellationToken);
}

/// <summary>Runs the turn through <see cref="CloudAdapter"/> (its error boundary) with the <see cref="IBot"/> from DI.</summary>
internal sealed class CloudAdapterTurnRunner : IDirectLineTurnRunner
{
    private readonly IServiceScopeFactory _scopeFactory;

    public CloudAdapterTurnRunner(IServiceScopeFactory scopeFactory)
    {
        _scopeFactory = scopeFactory ?? throw new ArgumentNullException(nameof(scopeFactory));
    }

    public async Task RunTurnAsync(Activity activity, Func<Activity, CancellationToken, Task<string?>> onReply, CancellationToken cancellationToken)
    {
        // A scope per turn, like a request to /api/messages: the bot may be registered scoped or transient.
        await using var scope = _scopeFactory.CreateAsyncScope();
        var adapter = scope.ServiceProvider.GetRequiredService<CloudAdapter>();
        var bot = scope.ServiceProvider.GetRequiredService<IBot>();
        await adapter.ProcessActivityForRepliesAsync(activity, bot, onReply, cancellationToken).ConfigureAwait(false);
    }
}
