namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.replay_entries</c>: a one-time identifier seen until <see cref="ExpiresAt"/>.</summary>
public sealed class ReplayEntryEntity
{
    public string Key { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}
