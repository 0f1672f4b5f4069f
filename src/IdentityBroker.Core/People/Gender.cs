namespace IdentityBroker.Core.People;

public enum Gender
{
    Male,
    Female,
}
