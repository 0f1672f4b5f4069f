namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.diary_relations</c>: a parent account and one of its children, as the diary links them.</summary>
public sealed class DiaryRelationEntity
{
    public string RegionCode { get; set; } = "";

    public string ParentId { get; set; } = "";

    public string ChildId { get; set; } = "";
}
