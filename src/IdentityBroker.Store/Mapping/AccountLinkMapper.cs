using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Mapping;

internal static class AccountLinkMapper
{
    public static AccountLink ToRecord(AccountLinkEntity entity) =>
        new(entity.RegionCode, entity.EsiaSubjectHash, entity.DiaryAccountId, entity.Method, entity.LinkedAt);
}
