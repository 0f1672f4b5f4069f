using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.DemoClient.Oidc;

/// <summary>The broker's discovery document and JWKS, fetched once and cached by <see cref="ConfigurationManager{T}"/>.</summary>
internal sealed class OidcMetadata
{
    public const string HttpClientName = "oidc";

    private readonly ConfigurationManager<OpenIdConnectConfiguration> _manager;
    private readonly DemoClientOptions _options;

    public OidcMetadata(IOptions<DemoClientOptions> options, IHttpClientFactory httpClientFactory)
    {
        _options = options.Value;
        var retriever = new HttpDocumentRetriever(httpClientFactory.CreateClient(HttpClientName))
        {
            RequireHttps = _options.RequireHttpsMetadata,
        };
        _manager = new ConfigurationManager<OpenIdConnectConfiguration>(
            _options.MetadataAddress, new OpenIdConnectConfigurationRetriever(), retriever);
    }

    /// <summary>Returns the cached configuration, or throws <see cref="OidcFlowException"/> with a user-facing message.</summary>
    public async Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken)
    {
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await _manager.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new OidcFlowException(
                "discovery_failed",
                "Сервер входа сейчас недоступен. Попробуйте позже.",
                $"Could not load discovery from {_options.MetadataAddress}: {OidcFlowException.Clip(ex.GetBaseException().Message)}",
                StatusCodes.Status502BadGateway);
        }

        // OIDC Discovery §4.3: the issuer in the document must be the one we were configured with.
        if (!string.Equals(configuration.Issuer?.TrimEnd('/'), _options.AuthorityBase, StringComparison.Ordinal))
        {
            throw new OidcFlowException(
                "discovery_issuer_mismatch",
                "Сервер входа настроен неверно.",
                $"Discovery issuer '{configuration.Issuer}' does not match DemoClient:Authority '{_options.Authority}'.",
                StatusCodes.Status502BadGateway);
        }

        if (string.IsNullOrEmpty(configuration.AuthorizationEndpoint) || string.IsNullOrEmpty(configuration.TokenEndpoint))
        {
            throw new OidcFlowException(
                "discovery_incomplete",
                "Сервер входа настроен неверно.",
                "Discovery has no authorization_endpoint or token_endpoint.",
                StatusCodes.Status502BadGateway);
        }

        return configuration;
    }

    /// <summary>Asks for a fresh document and JWKS on the next read (used when an ID token names an unknown key).</summary>
    public void RequestRefresh() => _manager.RequestRefresh();
}
