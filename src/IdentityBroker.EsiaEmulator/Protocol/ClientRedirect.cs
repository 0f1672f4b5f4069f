using Microsoft.AspNetCore.WebUtilities;

namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>Builds the redirect back to the client: <c>?code=…&amp;state=…</c> or <c>?error=…&amp;error_description=…&amp;state=…</c> (ESIA.md §2.4).</summary>
internal static class ClientRedirect
{
    public static string WithCode(string redirectUri, string code, string state) =>
        QueryHelpers.AddQueryString(redirectUri, new Dictionary<string, string?> { ["code"] = code, ["state"] = state });

    public static string WithError(string redirectUri, EsiaError error, string? state)
    {
        var query = new Dictionary<string, string?> { ["error"] = error.Error, ["error_description"] = error.Description };
        if (state is not null)
        {
            query["state"] = state;
        }

        return QueryHelpers.AddQueryString(redirectUri, query);
    }
}
