using System.Reflection;
using Microsoft.Extensions.Logging;

namespace IdentityBroker.Server.Tests.Hosting;

/// <summary>
/// Every <c>[LoggerMessage]</c> of the Server assembly has its own EventId: operators filter and alert on the id, so two
/// events sharing one (the staff API's lookup and the outbox backlog count both had 9001) make a filter match the wrong
/// event. Read by reflection, so a new log class is checked without being listed here.
/// </summary>
public sealed class LogEventIdTests
{
    private const BindingFlags AllMethods = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    [Test]
    public void LoggerMessages_InTheServer_HaveDistinctEventIds()
    {
        var events = LoggerMessages();
        var shared = events
            .GroupBy(e => e.Attribute.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Name))}")
            .ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(events, Has.Count.GreaterThan(50), "the reflection finds the Server's log methods");
            Assert.That(shared, Is.Empty, "EventIds used by more than one [LoggerMessage]: give one a free id in its class's range");
        }
    }

    [Test]
    public void LoggerMessages_InTheServer_NameTheirEventId()
    {
        // without an explicit id the generator derives none a reader can grep for, and the check above could not see a clash
        var unnamed = LoggerMessages().Where(e => e.Attribute.EventId <= 0).Select(e => e.Name).ToList();

        Assert.That(unnamed, Is.Empty, "[LoggerMessage] without an EventId");
    }

    private static List<(string Name, LoggerMessageAttribute Attribute)> LoggerMessages() =>
        typeof(BrokerApp).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(AllMethods))
            .Select(m => (Name: m.DeclaringType!.FullName + "." + m.Name, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Attribute is not null)
            .Select(e => (e.Name, e.Attribute!))
            .ToList();
}
