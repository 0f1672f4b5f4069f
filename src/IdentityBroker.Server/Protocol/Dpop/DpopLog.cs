namespace IdentityBroker.Server.Protocol.Dpop;

/// <summary>DPoP and PAR log events (EventIds 1600–1619). Never proofs, tokens or request_uri values: routes, client ids and reasons only.</summary>
internal static partial class DpopLog
{
    [LoggerMessage(1600, LogLevel.Information, "DPoP proof refused at {Route}: {Reason}", EventName = "DpopProofRejected")]
    public static partial void ProofRejected(ILogger logger, string route, string reason);

    [LoggerMessage(1601, LogLevel.Information, "Pushed authorization request stored for client {ClientId} (DPoP-bound: {Bound})", EventName = "PushedRequestStored")]
    public static partial void PushedRequestStored(ILogger logger, string clientId, bool bound);

    [LoggerMessage(1602, LogLevel.Information, "Pushed authorization request refused for client {ClientId}: {Error}", EventName = "PushedRequestRefused")]
    public static partial void PushedRequestRefused(ILogger logger, string? clientId, string error);

    [LoggerMessage(1603, LogLevel.Information, "request_uri refused at the authorization endpoint for client {ClientId}", EventName = "RequestUriRefused")]
    public static partial void RequestUriRefused(ILogger logger, string? clientId);
}
