using System.Net;
using IdentityBroker.Core.People;

namespace IdentityBroker.Esia.Tests.Client;

/// <summary>Children (<c>/rs/prns/{oid}/kids</c>, R-CONSENT-6) and contacts, read only when the region's scopes ask (ESIA.md §6.3).</summary>
public sealed class PersonDataTests
{
    private const string Kids = """
        {"stateFacts":["hasSize"],"size":2,"elements":[
          {"stateFacts":["Identifiable"],"id":7001,"oid":1000000020,"firstName":"Артём","lastName":"Морозов","middleName":"Сергеевич",
           "birthDate":"08.10.2016","gender":"M","snils":"223-606-797 60","trusted":true,"hasAccount":true,"kidAccount":{"oid":1000000020}},
          {"stateFacts":["Identifiable"],"id":7002,"firstName":"Полина","lastName":"Морозова","birthDate":"01.01.2013","gender":"F",
           "snils":"112-233-445 96","hasAccount":false}]}
        """;

    private const string PersonWithContacts = """
        {"firstName":"Иван","lastName":"Петров","middleName":"Сергеевич","birthDate":"07.03.1985","gender":"M","trusted":true,
         "snils":"112-233-445 95","rIdDoc":1,"documents":{"elements":[{"id":1,"type":"RF_PASSPORT","vrfStu":"VERIFIED"}]},
         "contacts":{"stateFacts":["hasSize"],"size":2,"elements":[{"id":5,"type":"MBT","value":"+7(900)0000001","vrfStu":"VERIFIED"},
           {"id":6,"type":"EML","value":"p@example.test","vrfStu":"NOT_VERIFIED"}]}}
        """;

    private EsiaTestEnvironment _env = null!;

    [SetUp]
    public void SetUp()
    {
        _env = new EsiaTestEnvironment();
        _env.Stub.Person = (request, _, _) => Task.FromResult(StubEsiaHandler.Json(HttpStatusCode.OK,
            request.RequestUri!.AbsolutePath.EndsWith("/kids", StringComparison.Ordinal) ? Kids : PersonWithContacts));
    }

    [TearDown]
    public void TearDown() => _env.Dispose();

    [Test]
    public async Task CompleteSignIn_KidScopes_ReadsKidsWithEmbeddedElements()
    {
        _env.Registration.Scopes.AddRange(["kid_fullname", "kid_birthdate", "kid_snils"]);
        _env.Grant("kid_fullname", "kid_birthdate", "kid_snils");

        var result = await _env.SignInAsync();

        Assert.That(_env.Stub.PersonRequests.Select(r => Uri.UnescapeDataString(r.PathAndQuery)).ToArray(),
            Is.EqualTo(new[] { "/rs/prns/1000299681?embed=(documents.elements)", "/rs/prns/1000299681/kids?embed=(elements)" }));
        Assert.That(result.ChildrenRead, Is.True);
        var first = result.Children[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Children, Has.Count.EqualTo(2));
            Assert.That((first.KidId, first.Oid, first.Name), Is.EqualTo(("7001", "1000000020", new PersonName("Морозов", "Артём", "Сергеевич"))));
            Assert.That(first.BirthDate, Is.EqualTo(new DateOnly(2016, 10, 8)));
            Assert.That(first.Snils?.Digits, Is.EqualTo("22360679760"));
            Assert.That(first.Level, Is.EqualTo(AccountLevel.Child), "kidAccount: the child's own child account");
            Assert.That(first.HasOwnAccount, Is.True);
            Assert.That(result.Children[1].Oid, Is.Null);
            Assert.That(result.Children[1].Snils, Is.Null, "an invalid SNILS checksum is dropped");
            Assert.That(result.Children[1].Level, Is.Null, "level unknown without a child account");
            Assert.That(result.Children[1].HasOwnAccount, Is.False);
            Assert.That(first.ToString(), Does.Not.Contain("Артём"), "no personal data through ToString");
        }
    }

    [Test]
    public async Task CompleteSignIn_NoKidOrContactScopes_ReadsOnlyThePersonWithDocuments()
    {
        var result = await _env.SignInAsync();

        Assert.That(_env.Stub.PersonRequests.Select(r => Uri.UnescapeDataString(r.PathAndQuery)),
            Is.EqualTo(new[] { "/rs/prns/1000299681?embed=(documents.elements)" }));
        Assert.That(result.Children, Is.Empty);
    }

    [Test]
    public async Task CompleteSignIn_EmailAndMobileScopes_EmbedsContacts()
    {
        _env.Registration.Scopes.AddRange(["email", "mobile"]);
        _env.Grant("email", "mobile");

        var result = await _env.SignInAsync();

        Assert.That(Uri.UnescapeDataString(_env.Stub.PersonRequests.Single().PathAndQuery),
            Is.EqualTo("/rs/prns/1000299681?embed=(documents.elements,contacts.elements)"));
        Assert.That(result.Contacts, Is.EqualTo(new[] { new EsiaContact("MBT", "+7(900)0000001", true), new EsiaContact("EML", "p@example.test", false) }));
    }

    /// <summary>Issue #10 item 7: the person refused the children on ESIA's access page; the token shows it, so no request.</summary>
    [Test]
    public async Task CompleteSignIn_KidScopesRequestedNotGranted_KidsNotRequestedChildrenUnknown()
    {
        _env.Registration.Scopes.AddRange(["kid_fullname", "kid_birthdate", "kid_snils"]);

        var result = await _env.SignInAsync();

        Assert.That(_env.Stub.PersonRequests.Select(r => Uri.UnescapeDataString(r.PathAndQuery)).ToArray(),
            Is.EqualTo(new[] { "/rs/prns/1000299681?embed=(documents.elements)" }));
        Assert.That((result.ChildrenRead, result.Children.Count), Is.EqualTo((false, 0)));
    }

    /// <summary>Issue #10 item 7: ESIA's 403 for the kids collection does not fail the sign-in; the children are unknown.</summary>
    [Test]
    public async Task CompleteSignIn_KidsForbidden_SignInCompletesChildrenUnknown()
    {
        _env.Registration.Scopes.AddRange(["kid_fullname", "kid_birthdate", "kid_snils"]);
        _env.Grant("kid_fullname", "kid_birthdate", "kid_snils");
        _env.Stub.Person = (request, _, _) => Task.FromResult(request.RequestUri!.AbsolutePath.EndsWith("/kids", StringComparison.Ordinal)
            ? new HttpResponseMessage(HttpStatusCode.Forbidden)
            : StubEsiaHandler.Json(HttpStatusCode.OK, PersonWithContacts));

        var result = await _env.SignInAsync();

        Assert.That((result.ChildrenRead, result.Children.Count, result.Person.Level), Is.EqualTo((false, 0, AccountLevel.Confirmed)));
    }

    /// <summary>Issue #10 item 7: documents only for a granted document scope.</summary>
    [Test]
    public async Task CompleteSignIn_NoDocumentScopeGranted_PersonWithoutDocumentsEmbed()
    {
        _env.AccessClaims["scope"] = "openid fullname?oid=1000299681 birthdate?oid=1000299681 snils?oid=1000299681";

        await _env.SignInAsync();

        Assert.That(Uri.UnescapeDataString(_env.Stub.PersonRequests.Single().PathAndQuery), Is.EqualTo("/rs/prns/1000299681"));
    }

    /// <summary>Issue #10 item 7: ESIA refusing the embedded collections is survived by reading the bare person.</summary>
    [Test]
    public async Task CompleteSignIn_EmbeddedCollectionsForbidden_PersonReadAgainWithoutThem()
    {
        _env.Stub.Person = (request, _, _) => Task.FromResult(request.RequestUri!.Query.Contains("embed", StringComparison.Ordinal)
            ? new HttpResponseMessage(HttpStatusCode.Forbidden)
            : StubEsiaHandler.Json(HttpStatusCode.OK, PersonWithContacts));

        var result = await _env.SignInAsync();

        Assert.That(_env.Stub.PersonRequests.Select(r => Uri.UnescapeDataString(r.PathAndQuery)).ToArray(),
            Is.EqualTo(new[] { "/rs/prns/1000299681?embed=(documents.elements)", "/rs/prns/1000299681" }));
        Assert.That(result.Person.Name.LastName, Is.EqualTo("Петров"));
    }

    [Test]
    public async Task GetChildren_ParentAccessToken_ReturnsTheKids()
    {
        var children = await _env.Client.GetChildrenAsync(EsiaTestEnvironment.Region, _env.Registration, "1000000010", "access-token", CancellationToken.None);

        Assert.That(children.Select(c => c.KidId), Is.EqualTo(new[] { "7001", "7002" }));
        Assert.That(_env.Stub.PersonRequests.Single().Authorization, Is.EqualTo("Bearer access-token"));
    }

    [Test]
    public void GetChildren_Forbidden_IsMisconfiguredAndNotRetried()
    {
        _env.Stub.Person = (_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.Forbidden));

        var ex = Assert.ThrowsAsync<EsiaException>(() =>
            _env.Client.GetChildrenAsync(EsiaTestEnvironment.Region, _env.Registration, "1000000010", "t", CancellationToken.None));

        Assert.That(ex!.Kind, Is.EqualTo(EsiaFailureKind.Misconfigured), "no kid_* scope granted: our registration is wrong");
        Assert.That(_env.Stub.PersonCalls, Is.EqualTo(1));
    }
}
