using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectingPeople.Directory.Api.Features.Health;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;

namespace ConnectingPeople.Directory.Api.Features.Shared;

public static class ApiSetup
{
    public static IHostApplicationBuilder AddDirectoryApi(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = DescribeProblem);
        builder.Services.AddHttpConventions();
        // On SIGTERM, requests in flight get this long to finish before the process exits (writes are transactional,
        // so one cut off at the limit is rolled back, never left half-written).
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<QueryTooExpensiveExceptionHandler>();
        builder.Services.AddExceptionHandler<DatabaseBusyExceptionHandler>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        builder.Services.AddExceptionHandler<UniqueViolationExceptionHandler>();
        builder.Services.AddSingleton<InputBoundary>();
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ConnectingPeople.Directory API",
                Version = "v1",
                Description = "Community assets (groups, clubs, walks, lunch clubs...) with their geography, for social prescribers, "
                    + "curators and third-party apps. " + Attribution.Text,
                License = new OpenApiLicense { Name = "Open Government Licence v3.0 (reference data)", Url = new Uri("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/") },
            });
            options.AddSecurityDefinition(AuthAndPreconditionOperationFilter.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key (scripts/keys.sh create ...) or, where single sign-on is configured, a JWT.",
            });
            options.OperationFilter<AuthAndPreconditionOperationFilter>();
            options.OperationFilter<SharedOutcomesOperationFilter>();
            options.OperationFilter<MediaTypesOperationFilter>();
            options.SchemaFilter<TimeOfDaySchemaFilter>();
            options.SchemaFilter<FrameworkDescriptionsFilter>();
            options.OperationFilter<FrameworkDescriptionsFilter>();
            options.DocumentFilter<DocumentShapeFilter>();
            // A field's value before and after a change is any JSON value (history, import dry runs).
            options.MapType<System.Text.Json.Nodes.JsonNode>(() => new OpenApiSchema { Description = "Any JSON value." });
            options.SupportNonNullableReferenceTypes();
            options.UseAllOfToExtendReferenceSchemas();
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml)) options.IncludeXmlComments(xml);
        });
        builder.AddDirectoryHealthChecks();
        return builder;
    }

    /// <summary>One trace id format (W3C, as in the logs); a 415 names the media type the operation reads.</summary>
    private static void DescribeProblem(ProblemDetailsContext context)
    {
        context.ProblemDetails.Extensions["traceId"] = HttpConventions.TraceId(context.HttpContext);
        // The framework's own default, snake-cased by our naming policy and in another format (a request id or traceparent).
        context.ProblemDetails.Extensions.Remove("trace_id");
        if (context.ProblemDetails.Status != StatusCodes.Status415UnsupportedMediaType || context.ProblemDetails.Detail is not null) return;
        var accepted = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is { Count: > 0 } types
            ? string.Join(" or ", types)
            : "application/json";
        context.ProblemDetails.Detail = $"Send the body with Content-Type: {accepted}.";
        context.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { ["Content-Type"] = [$"must be {accepted}."] };
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new TimeOfDayJsonConverter());
        options.Converters.Add(new SafeStringJsonConverter());
        options.Converters.Add(new WindowedDateJsonConverter());
        options.Converters.Add(new WindowedInstantJsonConverter());
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.MaxDepth = 32;
    }

    /// <summary>Outermost: any failure below, in authentication too, becomes a problem document (never a stack trace).</summary>
    public static WebApplication UseDirectoryApi(this WebApplication app)
    {
        app.UseHttpConventions();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>After protection (so refusals carry the security headers and are logged), before any endpoint.</summary>
    public static WebApplication UseInputBoundary(this WebApplication app)
    {
        app.UseMiddleware<InputBoundary>();
        return app;
    }

    public static WebApplication UseApiDocs(this WebApplication app)
    {
        // OpenAPI 3.1: nullable references need JSON Schema's null type, which 3.0 cannot express beside a $ref.
        app.UseSwagger(options => options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1);
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "ConnectingPeople.Directory API v1");
            options.RoutePrefix = "swagger";
            options.DocumentTitle = "ConnectingPeople.Directory API";
        });
        return app;
    }
}
