using System.Reflection;
using IdentityBroker.Server.Interaction;
using Microsoft.AspNetCore.Http;

namespace IdentityBroker.Server.Tests.Interaction;

/// <summary>
/// Issue #12 item 1: the sign-in's steps and their runner return data and never see HTTP — no <see cref="HttpContext"/>,
/// request, response or <see cref="IResult"/> in any constructor, field, property, parameter or return type. Only the
/// endpoints and <see cref="SignInPages"/> speak HTTP.
/// </summary>
public sealed class StepsSeeNoHttpTests
{
    private static readonly Type[] Http = [typeof(HttpContext), typeof(HttpRequest), typeof(HttpResponse), typeof(IResult), typeof(IFormCollection)];

    [Test]
    public void Steps_Runner_Outcomes_UseNoHttpType()
    {
        var types = typeof(SignInInteraction).Assembly.GetTypes()
            .Where(t => t.Namespace == "IdentityBroker.Server.Interaction.Steps" ||
                        t == typeof(SignInInteraction) || t == typeof(SignInContext) || t == typeof(SignInProgress) ||
                        typeof(StepOutcome).IsAssignableFrom(t) || typeof(StepPage).IsAssignableFrom(t) || typeof(SignInAnswer).IsAssignableFrom(t))
            .ToList();
        Assert.That(types, Has.Count.GreaterThan(15), "the steps were found");

        var offending = types.SelectMany(t => Uses(t).Where(IsHttp).Select(u => $"{t.Name}: {u}")).Distinct().ToList();

        Assert.That(offending, Is.Empty);
    }

    private static IEnumerable<Type> Uses(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var field in type.GetFields(All))
        {
            yield return field.FieldType;
        }

        foreach (var property in type.GetProperties(All))
        {
            yield return property.PropertyType;
        }

        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }

            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }
        }
    }

    private static bool IsHttp(Type type) =>
        Http.Contains(type) || (type.IsGenericType && type.GetGenericArguments().Any(IsHttp)) || (type.HasElementType && IsHttp(type.GetElementType()!));
}
