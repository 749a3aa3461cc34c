using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using IndBot.Telemetry;

namespace IndBot.Hosting;

/// <summary>Opt-in OpenTelemetry export ("Telemetry" section): metrics to an OTLP collector when an endpoint is set.</summary>
public static class TelemetryExtensions
{
    public const string OtlpEndpointKey = "Telemetry:OtlpEndpoint";

    /// <summary>
    /// With <c>Telemetry:OtlpEndpoint</c> (e.g. http://collector:4317), exports the IndBot meter and ASP.NET Core's
    /// request, Kestrel and rate-limiting meters over OTLP; without it, nothing is added (dotnet-counters still works).
    /// </summary>
    public static WebApplicationBuilder AddIndBotTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var endpoint = builder.Configuration[OtlpEndpointKey];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return builder;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{OtlpEndpointKey} must be an absolute http(s) URL, e.g. http://localhost:4317.");
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("indbot"))
            .WithMetrics(metrics => metrics
                .AddMeter(IndBotMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting")
                .AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = uri;
                    // Port 4318 is the collectors' HTTP port; 4317 (and anything else) gRPC.
                    otlp.Protocol = uri.Port == 4318 ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                }));
        return builder;
    }
}
