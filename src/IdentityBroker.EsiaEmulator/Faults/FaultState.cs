using IdentityBroker.EsiaEmulator.Configuration;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator.Faults;

/// <summary>The faults in force now: start from <c>Emulator:Faults</c>, replaced or cleared at run time.</summary>
internal sealed class FaultState(IOptions<EmulatorOptions> options)
{
    private volatile FaultOptions _current = options.Value.Faults;

    public FaultOptions Current => _current;

    public void Set(FaultOptions faults) => _current = faults;

    public void Clear() => _current = new FaultOptions();
}
