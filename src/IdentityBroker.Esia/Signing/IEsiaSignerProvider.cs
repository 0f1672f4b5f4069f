namespace IdentityBroker.Esia.Signing;

/// <summary>Returns the request signer of a region's registration (one instance per region and signer settings).</summary>
public interface IEsiaSignerProvider
{
    /// <summary>The signer for <paramref name="regionCode"/> configured by <paramref name="options"/>.</summary>
    IEsiaRequestSigner GetSigner(string regionCode, EsiaSignerOptions options);
}
