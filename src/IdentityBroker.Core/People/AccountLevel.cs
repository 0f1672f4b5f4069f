namespace IdentityBroker.Core.People;

/// <summary>ESIA account level (REQUIREMENTS.md "Account levels"; ESIA.md §7).</summary>
public enum AccountLevel
{
    /// <summary>Упрощённая: name plus one confirmed channel; never signs in (R-LEVEL-1).</summary>
    Simplified = 0,

    /// <summary>Стандартная: SNILS and identity document verified in state registries.</summary>
    Standard = 1,

    /// <summary>Подтверждённая: identity confirmed in person, via a bank, by post or by e-signature.</summary>
    Confirmed = 2,

    /// <summary>Детская учётная запись: created by a parent for a child up to 13 inclusive (R-LEVEL-4).</summary>
    Child = 3,
}
