using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Responses;

/// <summary>A JSON error from the token endpoint (RFC 6749 §5.2), never cached.</summary>
internal static class OAuthErrorResult
{
    public static IResult Create(string error, string description, int status = StatusCodes.Status400BadRequest, string? wwwAuthenticate = null) =>
        new JsonNoStore(new Dictionary<string, string> { [OpenIdConnectParameterNames.Error] = error, [OpenIdConnectParameterNames.ErrorDescription] = description }, status, wwwAuthenticate);

    /// <summary>invalid_request for a request <see cref="RequestParameters"/> refused (repeated, too long, control characters, wrong method or content type).</summary>
    public static IResult ForParameters(ParameterRead read) =>
        Create(OAuthErrors.InvalidRequest, read.Problem ?? "POST application/x-www-form-urlencoded is required.");
}

/// <summary>JSON with <c>Cache-Control: no-store</c> (RFC 6749 §5.1).</summary>
internal sealed class JsonNoStore(object body, int status = StatusCodes.Status200OK, string? wwwAuthenticate = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        if (wwwAuthenticate is not null)
        {
            response.Headers.WWWAuthenticate = wwwAuthenticate;
        }

        await response.WriteAsJsonAsync(body, body.GetType());
    }
}
