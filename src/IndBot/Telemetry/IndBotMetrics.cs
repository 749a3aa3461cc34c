using System.Diagnostics.Metrics;

namespace IndBot.Telemetry;

/// <summary>
/// The "IndBot" meter: turns, decisions by kind and language, turn errors, knowledge reloads and turn duration.
/// Watch it with <c>dotnet-counters monitor -n indbot --counters IndBot</c>. Singleton, created through
/// <see cref="IMeterFactory"/> so each host (and each test host) has its own instruments.
/// </summary>
public sealed class IndBotMetrics
{
    public const string MeterName = "IndBot";

    private readonly Counter<long> _turns;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _rateLimited;
    private readonly Histogram<double> _turnDuration;

    public IndBotMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        _turns = Meter.CreateCounter<long>("indbot.turns", "{turn}", "Messages the bot handled.");
        _decisions = Meter.CreateCounter<long>("indbot.decisions", "{decision}", "Engine decisions by kind (answer, clarification, fallback, smalltalk) and language.");
        _errors = Meter.CreateCounter<long>("indbot.errors", "{error}", "Turns that ended in the error boundary.");
        _reloads = Meter.CreateCounter<long>("indbot.knowledge.reloads", "{reload}", "Knowledge loads by outcome (success, failure).");
        _rateLimited = Meter.CreateCounter<long>("indbot.rate_limited", "{request}", "Requests to /api/messages refused by a rate limit.");
        _turnDuration = Meter.CreateHistogram<double>("indbot.turn.duration", "ms", "Time the bot spends on a message: context, engine, feedback and replies.");
    }

    public Meter Meter { get; }

    public void Turn(double milliseconds)
    {
        _turns.Add(1);
        _turnDuration.Record(milliseconds);
    }

    public void Decision(string kind, string language) =>
        _decisions.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("language", language));

    public void Error() => _errors.Add(1);

    public void RateLimited() => _rateLimited.Add(1);

    public void Reload(bool success) =>
        _reloads.Add(1, new KeyValuePair<string, object?>("outcome", success ? "success" : "failure"));
}
