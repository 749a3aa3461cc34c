using System.Text.Json.Serialization;
using IndBot.Snapshots;

namespace IndBot.Hosting;

/// <summary><c>GET /healthz</c>: 200 while knowledge is serving (with reload problems as detail), 503 before.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapIndBotHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/healthz", (KnowledgeState state) =>
        {
            var current = state.Current;
            var problems = state.Problems.Select(p => new HealthProblem(p.File, p.Line, p.Message)).ToList();
            var status = current is null ? (problems.Count > 0 ? "failed" : "starting") : problems.Count > 0 ? "degraded" : "ok";
            var report = new HealthReport(
                status,
                current is null ? null : new HealthKnowledge(current.LoadedAt, current.Knowledge.Faqs.Count, current.Knowledge.Desks.Count),
                state.Version,
                state.LastAttemptAt,
                problems);
            return Results.Json(report, statusCode: current is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });
        return endpoints;
    }

    public sealed record HealthReport(
        string Status,
        HealthKnowledge? Knowledge,
        int Version,
        DateTimeOffset? LastReloadAt,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<HealthProblem> Problems);

    public sealed record HealthKnowledge(DateTimeOffset LoadedAt, int Faqs, int Desks);

    public sealed record HealthProblem(string File, int Line, string Message);
}
