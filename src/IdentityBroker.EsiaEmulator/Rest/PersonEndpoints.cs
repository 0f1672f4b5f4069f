using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Personas;

namespace IdentityBroker.EsiaEmulator.Rest;

/// <summary><c>/rs/prns/{oid}</c> and its collections (ESIA.md §6): 401 for a foreign/expired token, 403 without scope.</summary>
internal static class PersonEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/rs/prns/{oid:long}");
        group.MapGet("", GetPerson);
        group.MapGet("/{collection}", GetCollection);
        group.MapGet("/{collection}/{id:long}", GetElement);
        group.MapGet("/kids/{kidId:long}/docs", GetKidDocuments);
        group.MapGet("/kids/{kidId:long}/docs/{docId:long}", GetKidDocument);
    }

    private static IResult GetPerson(HttpContext context, long oid, string? embed) =>
        WithPerson(context, oid, (p, scopes, collections, json) =>
        {
            if (!ScopeRules.AnyPersonScope(scopes) && !ScopeRules.AnyKidScope(scopes))
            {
                return Status(context, oid, StatusCodes.Status403Forbidden);
            }

            var person = json.Person(p, scopes);
            var embeds = PersonCollections.ParseEmbed(embed);
            foreach (var (collection, embedName) in PersonCollections.EmbedNames)
            {
                if (embeds.Contains($"{embedName}.elements") && collections.Items(collection, p, scopes) is { } items)
                {
                    person[embedName] = PersonCollections.Render(items, true, "");
                }
            }

            return Json(person);
        });

    private static IResult GetCollection(HttpContext context, long oid, string collection, string? embed) =>
        WithPerson(context, oid, (p, scopes, collections, _) => collections.Items(collection, p, scopes) is { } items
            ? Json(PersonCollections.Render(items, PersonCollections.ParseEmbed(embed).Contains("elements"), BaseUrl(context)))
            : Unavailable(context, oid, collection));

    private static IResult GetElement(HttpContext context, long oid, string collection, long id, string? embed) =>
        WithPerson(context, oid, (p, scopes, collections, _) =>
        {
            if (collections.Items(collection, p, scopes) is not { } items)
            {
                return Unavailable(context, oid, collection);
            }

            if (items.FirstOrDefault(i => i.Id == id) is not { } item)
            {
                return Results.NotFound();
            }

            var element = item.Render();
            if (collection == "kids" && PersonCollections.ParseEmbed(embed).Contains("documents.elements")
                && collections.KidDocuments(p, id, scopes) is { } documents)
            {
                element["documents"] = PersonCollections.Render(documents, true, "");
            }

            return Json(element);
        });

    private static IResult GetKidDocuments(HttpContext context, long oid, long kidId, string? embed) =>
        WithPerson(context, oid, (p, scopes, collections, _) => collections.KidDocuments(p, kidId, scopes) is { } items
            ? Json(PersonCollections.Render(items, PersonCollections.ParseEmbed(embed).Contains("elements"), BaseUrl(context)))
            : Status(context, oid, StatusCodes.Status403Forbidden));

    private static IResult GetKidDocument(HttpContext context, long oid, long kidId, long docId) =>
        WithPerson(context, oid, (p, scopes, collections, _) =>
            collections.KidDocuments(p, kidId, scopes) is not { } items ? Status(context, oid, StatusCodes.Status403Forbidden)
            : items.FirstOrDefault(i => i.Id == docId) is { } item ? Json(item.Render())
            : Results.NotFound());

    private static IResult WithPerson(
        HttpContext context, long oid, Func<PersonaRecord, HashSet<string>, PersonCollections, PersonJson, IResult> handle)
    {
        var services = context.RequestServices;
        var scopes = services.GetRequiredService<BearerAuthenticator>().Authenticate(context.Request, oid);
        var persona = services.GetRequiredService<PersonaCatalog>().FindByOid(oid);
        if (scopes is null || persona is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Status(context, oid, StatusCodes.Status401Unauthorized);
        }

        var json = new PersonJson(RelativeDate.Today(services.GetRequiredService<TimeProvider>()));
        return handle(persona, scopes, new PersonCollections(services.GetRequiredService<PersonaCatalog>(), json), json);
    }

    private static IResult Unavailable(HttpContext context, long oid, string collection) =>
        PersonCollections.EmbedNames.ContainsKey(collection)
            ? Status(context, oid, StatusCodes.Status403Forbidden)
            : Results.NotFound();

    private static IResult Status(HttpContext context, long oid, int status)
    {
#pragma warning disable CA1873 // once per refused REST call to the emulator
        Log.PersonRequestRejected(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("IdentityBroker.EsiaEmulator.Rest"), oid, status);
#pragma warning restore CA1873
        return Results.StatusCode(status);
    }

    private static string BaseUrl(HttpContext context) =>
        $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{context.Request.Path.Value!.TrimEnd('/')}";

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");
}
