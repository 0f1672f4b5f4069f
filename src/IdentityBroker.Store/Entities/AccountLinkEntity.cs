namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.account_links</c>.</summary>
public sealed class AccountLinkEntity
{
    public string RegionCode { get; set; } = "";

    public string EsiaSubjectHash { get; set; } = "";

    public string DiaryAccountId { get; set; } = "";

    public string Method { get; set; } = "";

    public DateTimeOffset LinkedAt { get; set; }
}
