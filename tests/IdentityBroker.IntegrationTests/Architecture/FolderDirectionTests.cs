using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace IdentityBroker.IntegrationTests.Architecture;

/// <summary>
/// Issue #12 item 2: the folders of <c>IdentityBroker.Server</c> depend on each other in ONE direction. Every type of the
/// Server assembly is read by reflection — its base type, interfaces, fields, properties, method signatures and the types
/// and members its method bodies use (IL tokens, so static calls count) — and each reference to a type of another folder
/// (namespace <c>IdentityBroker.Server.&lt;Folder&gt;</c>) must be allowed by <see cref="Allowed"/>. The same table is in
/// docs/architecture.md. <see cref="KnownBackReferences"/> lists the back references not yet removed; the test also fails
/// when one of them is gone, so the list only shrinks.
/// </summary>
public sealed class FolderDirectionTests
{
    /// <summary>Which folders each folder may use (the direction: composition → features → engine → shared leaves).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        // composition roots: wire everything
        ["(root)"] = ["*"],
        ["Hosting"] = ["*"],
        ["Cli"] = ["*"],

        // features
        ["Admin"] = ["Protocol", "Regions", "Configuration", "Ui", "Telemetry"],
        ["Account"] = ["Interaction", "Logout", "Protocol", "Regions", "Configuration", "Ui", "Telemetry"],
        // the sign-in after ESIA (steps over one transaction) and parental consent; a consent revocation ends sessions (Logout)
        ["Interaction"] = ["Logout", "Delivery", "Protocol", "Regions", "Configuration", "Ui", "Telemetry"],
        ["Logout"] = ["Delivery", "Protocol", "Regions", "Configuration", "Ui", "Telemetry"],
        ["Delivery"] = ["Regions", "Configuration", "Telemetry"],

        // the protocol engine (with the broker session it issues codes for): asks IAuthorizeInteraction, never the sign-in
        ["Protocol"] = ["Regions", "Configuration", "Ui", "Telemetry"],

        // shared leaves
        // the broker's meter, activity source, OpenTelemetry wiring, URL scrubber and outbox backlog gauge: every
        // feature records into it, so it may use no folder of its own
        ["Telemetry"] = [],
        ["Ui"] = ["Regions", "Configuration"],
        ["Regions"] = ["Configuration"],
        ["Configuration"] = [],
    };

    /// <summary>Back references that exist today and are to be removed (from → to: the types involved); nothing may be added.</summary>
    private static readonly Dictionary<string, string> KnownBackReferences = new()
    {
        // none left: SignIn and Consent became one Interaction folder, the consent text a Ui model, the broker session Protocol's
    };

    [Test]
    public void ServerFolders_ReferenceOnlyInTheAllowedDirection()
    {
        var actual = FolderReferences();

        var violations = actual
            .Where(r => !IsAllowed(r.Key.From, r.Key.To) && !KnownBackReferences.ContainsKey(r.Key.From + " -> " + r.Key.To))
            .Select(r => $"{r.Key.From} -> {r.Key.To}: {string.Join(", ", r.Value.Order(StringComparer.Ordinal).Take(6))}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var gone = KnownBackReferences.Keys
            .Where(k => !actual.Keys.Any(r => r.From + " -> " + r.To == k))
            .ToList();

        foreach (var line in violations)
        {
            TestContext.Out.WriteLine(line);
        }

        Assert.That(violations, Is.Empty, "back references (fix the code, or — only if the direction itself is wrong — the table here and in docs/architecture.md)");
        Assert.That(gone, Is.Empty, "these known back references are gone: remove them from KnownBackReferences");
    }

    [Test]
    public void AllowedTable_NamesEveryServerFolder()
    {
        var folders = typeof(Server.BrokerApp).Assembly.GetTypes().Select(FolderOf).OfType<string>().Distinct().ToList();

        Assert.That(folders.Where(f => !Allowed.ContainsKey(f)), Is.Empty, "a new folder needs its row in the direction table");
    }

    private static bool IsAllowed(string from, string to) =>
        Allowed.TryGetValue(from, out var targets) && (targets.Contains("*") || targets.Contains(to));

    /// <summary>(from folder, to folder) → the referenced types, over every type of the Server assembly.</summary>
    private static Dictionary<(string From, string To), HashSet<string>> FolderReferences()
    {
        var result = new Dictionary<(string, string), HashSet<string>>();
        foreach (var type in typeof(Server.BrokerApp).Assembly.GetTypes())
        {
            if (FolderOf(type) is not { } from)
            {
                continue;
            }

            foreach (var used in ReferencedTypes(type))
            {
                if (FolderOf(used) is { } to && to != from)
                {
                    var key = (from, to);
                    if (!result.TryGetValue(key, out var set))
                    {
                        result[key] = set = [];
                    }

                    set.Add(Outermost(type).Name + "→" + Outermost(used).Name);
                }
            }
        }

        return result;
    }

    /// <summary>The Server folder of a type (its namespace after <c>IdentityBroker.Server.</c>), "(root)", or null outside the Server.</summary>
    private static string? FolderOf(Type type)
    {
        // compiler-generated helpers (anonymous types, collection-expression lists) sit in no namespace: not a folder
        var ns = Outermost(type).Namespace;
        if (ns is null || type.Assembly != typeof(Server.BrokerApp).Assembly)
        {
            return null;
        }

        if (ns == "IdentityBroker.Server")
        {
            return "(root)";
        }

        return ns.StartsWith("IdentityBroker.Server.", StringComparison.Ordinal) ? ns["IdentityBroker.Server.".Length..].Split('.')[0] : null;
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static HashSet<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || !found.Add(t))
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
            }

            if (t.IsGenericType)
            {
                foreach (var argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (var field in type.GetFields(all))
        {
            Add(field.FieldType);
        }

        foreach (var property in type.GetProperties(all))
        {
            Add(property.PropertyType);
        }

        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo m)
            {
                Add(m.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }

            foreach (var used in BodyReferences(method))
            {
                Add(used);
            }
        }

        return found;
    }

    /// <summary>The types a method body uses: every type, method and field token of its IL (calls, news, casts, fields).</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException)
        {
            yield break;
        }

        if (il is null)
        {
            yield break;
        }

        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            OpCode code;
            if (il[position] == 0xFE)
            {
                code = TwoByte[il[position + 1]];
                position += 2;
            }
            else
            {
                code = OneByte[il[position]];
                position += 1;
            }

            var size = OperandSize(code, il, position);
            if (code.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                var token = BitConverter.ToInt32(il, position);
                Type? resolved = null;
                try
                {
                    resolved = module.ResolveMember(token, typeArgs, methodArgs) switch
                    {
                        Type t => t,
                        MemberInfo member => member.DeclaringType,
                        _ => null,
                    };
                }
                catch (Exception ex) when (ex is ArgumentException or BadImageFormatException or TypeLoadException or MissingMemberException)
                {
                    // a member of an assembly that does not resolve here: not a Server type, so not a folder reference
                }

                if (resolved is not null)
                {
                    yield return resolved;
                }
            }

            position += size;
        }
    }

    private static int OperandSize(OpCode code, byte[] il, int position) => code.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
        _ => 4,
    };

    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

    static FolderDirectionTests()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode code)
            {
                var value = (ushort)code.Value;
                if (code.Size == 1)
                {
                    OneByte[value] = code;
                }
                else
                {
                    TwoByte[value & 0xFF] = code;
                }
            }
        }
    }
}
