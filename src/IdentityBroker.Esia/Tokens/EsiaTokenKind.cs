namespace IdentityBroker.Esia.Tokens;

/// <summary>The ESIA token types the broker validates; the value is the header's <c>sbt</c> (ESIA.md §4.1).</summary>
internal enum EsiaTokenKind
{
    /// <summary><c>sbt</c> = "id".</summary>
    Id,

    /// <summary><c>sbt</c> = "access".</summary>
    Access,
}
