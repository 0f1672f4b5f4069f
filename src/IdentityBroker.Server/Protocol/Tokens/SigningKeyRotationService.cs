using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>Runs <see cref="SigningKeyManager.EnsureKeysAsync"/> every refresh interval on every replica (creation is guarded by an advisory lock).</summary>
internal sealed class SigningKeyRotationService(SigningKeyManager keys, IOptions<SigningOptions> options, TimeProvider time, ILogger<SigningKeyRotationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeySetRefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await keys.EnsureKeysAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.KeyRotationFailed(logger, ex.GetType().Name);
            }
        }
    }
}
