using IdentityBroker.Core.Directory;
using IdentityBroker.Server.Interaction.Consent;
using IdentityBroker.Server.Ui;

namespace IdentityBroker.Server.Interaction;

/// <summary>The page of a waiting step, as data; <see cref="SignInPages"/> renders it with the step's form ticket.</summary>
/// <param name="Status">The HTTP status of the page (a refusal shown beside a form is 403, a wrong password 400).</param>
internal abstract record StepPage(int Status);

/// <summary>R-MATCH-5: «Выберите учётную запись».</summary>
internal sealed record ChooserPage(IReadOnlyList<DiaryAccount> Accounts) : StepPage(StatusCodes.Status200OK);

/// <summary>
/// A diary login and password form beside a refusal: R-MATCH-6 manual linking (diary_snils_missing) or R-REGION-3 the
/// password fallback (esia_unavailable). <paramref name="RetryAfterSeconds"/>: a delayed attempt (429).
/// </summary>
internal sealed record CredentialsPage(
    SignInRefusal Refusal, int Status, string? Login = null, string? Message = null, string? MessageKind = null, int? RetryAfterSeconds = null)
    : StepPage(Status);

/// <summary>R-CONSENT-3/6: the parent's children's pending requests, or the no_children_linked notice.</summary>
internal sealed record ParentStepPage(IReadOnlyList<ChildItem> Requests, bool NoChildrenLinked, string? Message, int Status = StatusCodes.Status200OK)
    : StepPage(Status);

/// <summary>R-CONSENT-1: the consent text in force for the client.</summary>
internal sealed record DataConsentPage(DataConsentText Text, string ClientName, bool IsNewVersion) : StepPage(StatusCodes.Status200OK);
