using System.Diagnostics;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ConnectingPeople.Directory.Api.Features.Telemetry;

/// <summary>
/// Traces and metrics over OTLP, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard OpenTelemetry variables
/// OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_PROTOCOL and OTEL_EXPORTER_OTLP_HEADERS apply too). Request spans carry the
/// route template, never the path or query, so no postcode, coordinate or reference leaves in a trace.
/// </summary>
public static class TelemetrySetup
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointSetting])) return builder;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "connectingpeople-directory"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health");
                    options.EnrichWithHttpResponse = (activity, response) => Scrub(activity, response.HttpContext);
                })
                .AddNpgsql()
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql")
                .AddOtlpExporter());
        return builder;
    }

    /// <summary>Replaces the request's path with its route template and drops the query string.</summary>
    public static void Scrub(Activity activity, HttpContext context)
    {
        var route = Shared.RouteTemplate.Of(context);
        activity.SetTag("url.path", route);
        activity.SetTag("url.query", null);
        activity.SetTag("url.full", null);
        activity.SetTag("http.target", null);
    }
}
