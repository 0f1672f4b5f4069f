using System.Text.Json;
using IdentityBroker.Esia.Person;

namespace IdentityBroker.Esia.Tests.Client;

/// <summary>R-MATCH-3: the child's RF_BRTH_CERT from <c>/rs/prns/{oid}?embed=(documents.elements)</c> (ESIA.md §6.2).</summary>
public sealed class BirthCertificateReadingTests
{
    [TestCase("""{"documents":{"elements":[{"id":1,"type":"RF_PASSPORT","series":"2502","number":"300400"},{"id":2,"type":"RF_BRTH_CERT","series":"III-СТ","number":"100001","vrfStu":"VERIFIED"}]}}""", "III-СТ", "100001", TestName = "ReadBirthCertificate_Rmatch3_RussianCertificate_Read")]
    [TestCase("""{"documents":{"elements":[{"id":2,"type":"RF_BRTH_CERT","series":"I-АБ","number":"111111","vrfStu":"NOT_VERIFIED"},{"id":3,"type":"RF_BRTH_CERT","series":"II-ВГ","number":"222222","vrfStu":"VERIFIED"}]}}""", "II-ВГ", "222222", TestName = "ReadBirthCertificate_Rmatch3_TwoCertificates_VerifiedFirst")]
    [TestCase("""{"documents":{"elements":[{"id":4,"type":"FID_BRTH_CERT","series":"AB","number":"123"}]}}""", null, null, TestName = "ReadBirthCertificate_Rmatch3_ForeignCertificate_NotCompared")]
    [TestCase("""{"documents":{"elements":[{"id":5,"type":"RF_BRTH_CERT","number":"100001"}]}}""", null, null, TestName = "ReadBirthCertificate_Rmatch3_NoSeries_None")]
    [TestCase("""{"lastName":"Морозов"}""", null, null, TestName = "ReadBirthCertificate_Rmatch3_NoDocuments_None")]
    public void ReadBirthCertificate(string json, string? series, string? number)
    {
        using var person = JsonDocument.Parse(json);

        var certificate = EsiaPersonReader.ReadBirthCertificate(person.RootElement);

        Assert.That(certificate?.Series, Is.EqualTo(series));
        Assert.That(certificate?.Number, Is.EqualTo(number));
    }
}
