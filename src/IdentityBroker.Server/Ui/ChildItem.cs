namespace IdentityBroker.Server.Ui;

/// <summary>One child on a parent's page. Names come from the diary directory (the parent's own children).</summary>
/// <param name="Status">"granted", "pending", "none" or "adult" (18 and over: no consent needed).</param>
/// <param name="Since">When the consent was given or the request made, as a date on the region's calendar.</param>
public sealed record ChildItem(string AccountId, string Name, string Schools, string Status, string? Since);
