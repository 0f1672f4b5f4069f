namespace IdentityBroker.Server.Ui;

/// <summary>One line of the region list (R-REGION-2, <see cref="RegionChoiceView"/>).</summary>
public sealed record RegionChoiceItem(string Code, string Name);
