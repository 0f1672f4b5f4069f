namespace IdentityBroker.Server.Ui;

/// <summary>R-CONSENT-1: the person's active consent as the account page shows it.</summary>
/// <param name="GrantedAtText">The time of consent in the region's time zone, dd.MM.yyyy HH:mm.</param>
/// <param name="ClientName">The display name of the client through which consent was given (its id if unknown).</param>
public sealed record AccountConsentSummary(string Version, string GrantedAtText, string ClientName);
