namespace IdentityBroker.Server.Delivery;

/// <summary>
/// Registers the outbox dispatcher (hosted, on every replica). The senders register themselves as <see cref="IOutboxSender"/>
/// where their message kind is made (Logout: back-channel logout; Consent: webhooks).
/// </summary>
internal static class DeliveryServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddHostedService<OutboxDispatcher>();
    }

    /// <summary>Registers <typeparamref name="TSender"/> once, as itself and as the <see cref="IOutboxSender"/> of its kind.</summary>
    public static void AddSender<TSender>(IServiceCollection services)
        where TSender : class, IOutboxSender
    {
        services.AddSingleton<TSender>();
        services.AddSingleton<IOutboxSender>(sp => sp.GetRequiredService<TSender>());
    }
}
