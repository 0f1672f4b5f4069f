using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Mapping;

internal static class AuditRecordMapper
{
    public static AuditRecordEntity ToEntity(AuditRecord record) => new()
    {
        At = record.At.ToUniversalTime(),
        EventType = record.EventType,
        RegionCode = record.RegionCode,
        ClientId = record.ClientId,
        Outcome = record.Outcome,
        RuleId = record.RuleId,
        DiaryAccountId = record.DiaryAccountId,
        EsiaSubjectHash = record.EsiaSubjectHash,
        ReferenceNumber = record.ReferenceNumber,
        Detail = record.Detail,
        PersonSnilsHash = record.PersonSnilsHash,
        PersonNameBirthHash = record.PersonNameBirthHash,
    };

    public static AuditRecord ToRecord(AuditRecordEntity entity) => new(
        entity.At,
        entity.EventType,
        entity.RegionCode,
        entity.ClientId,
        entity.Outcome,
        entity.RuleId,
        entity.DiaryAccountId,
        entity.EsiaSubjectHash,
        entity.ReferenceNumber,
        entity.Detail)
    {
        PersonSnilsHash = entity.PersonSnilsHash,
        PersonNameBirthHash = entity.PersonNameBirthHash,
    };
}
