using System.Security.Cryptography;
using System.Text.Json;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Tokens;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// The ONE carrier of a sign-in form's pending state through the browser (replacing a protector class per form): encrypted
/// and authenticated with ASP.NET Data Protection under the form's purpose (keys in PostgreSQL, so any replica reads it),
/// valid for the purpose's lifetime, at most <see cref="MaxLength"/> characters as posted, and — for a single-use purpose —
/// accepted once (<see cref="ConsumeAsync"/>, through the shared <see cref="IReplayCache"/>). Binding to the browser that
/// started the sign-in is the caller's check (the state carries <see cref="BrowserBinding"/>'s hash), which is what stops
/// a cross-site post of someone else's form. Anything unreadable is null: the caller shows its "expired" page, never a 500.
/// </summary>
internal sealed class ProtectedFormState<T>(
    FormStatePurpose purpose, IDataProtectionProvider provider, IReplayCache replays, IOptions<BrokerOptions> options, TimeProvider time)
    where T : class
{
    /// <summary>The longest posted value read at all (the largest state, a manual link with its candidates, is far below).</summary>
    public const int MaxLength = 16_384;

    // Not Data Protection's time-limited protector: that one checks expiry against the system clock; the envelope carries
    // the expiry instead, checked against the broker's TimeProvider (so tests and the app agree on "now").
    private readonly IDataProtector _protector = provider.CreateProtector(purpose.Name);

    public FormStatePurpose Purpose => purpose;

    /// <summary>The protected form value carrying <paramref name="state"/>, with a fresh id (what single use remembers).</summary>
    public string Protect(T state) =>
        _protector.Protect(JsonSerializer.Serialize(new Envelope(OpaqueHandle.New(), time.GetUtcNow() + purpose.Lifetime(options.Value), state)));

    /// <summary>The state of a reusable form (a form re-shown after a wrong password keeps its state); null when unreadable.</summary>
    public T? Read(string? text)
    {
        if (purpose.SingleUse)
        {
            throw new InvalidOperationException($"The form state {purpose.Name} is single-use: read it with ConsumeAsync.");
        }

        return Open(text)?.State;
    }

    /// <summary>
    /// The state of a form WITHOUT using it up, to check the rest of a post first (bad input must not spend a single-use
    /// form); act on a single-use form only with what <see cref="ConsumeAsync"/> returns.
    /// </summary>
    public T? Peek(string? text) => Open(text)?.State;

    /// <summary>
    /// The state of a single-use form, accepted once: the id is added to the replay cache (atomic insert-if-absent, kept for
    /// the form's lifetime), so a second post of the same form — on any replica — is null like an expired one.
    /// <paramref name="accept"/> (e.g. the browser binding) is checked first: a post that fails it does not use the form up.
    /// </summary>
    public async Task<T?> ConsumeAsync(string? text, Func<T, bool> accept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accept);
        if (Open(text) is not { } envelope || !accept(envelope.State))
        {
            return null;
        }

        var key = purpose.Name + ":" + envelope.Id;
        return await replays.TryAddAsync(key, time.GetUtcNow() + purpose.Lifetime(options.Value), cancellationToken) ? envelope.State : null;
    }

    private Envelope? Open(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Envelope>(_protector.Unprotect(text)) is { Id: { Length: > 0 }, State: not null } envelope &&
                   envelope.ExpiresAt > time.GetUtcNow()
                ? envelope
                : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private sealed record Envelope(string Id, DateTimeOffset ExpiresAt, T State);
}
