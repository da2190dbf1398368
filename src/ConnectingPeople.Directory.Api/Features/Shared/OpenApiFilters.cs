using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ConnectingPeople.Directory.Api.Features.Shared;

/// <summary>
/// Marks the operations that need a key (so Swagger UI's Authorize button sends it) and declares If-Match on the
/// writes that require it (so a curator can send the ETag from Swagger UI too).
/// </summary>
public sealed class AuthAndPreconditionOperationFilter : IOperationFilter
{
    public const string SchemeName = "bearer";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        }
        if (operation.Responses?.ContainsKey("428") == true)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = true,
                Description = "The ETag from your last read of this record.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }
}
