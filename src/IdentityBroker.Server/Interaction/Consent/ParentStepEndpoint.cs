using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Interaction;
using Microsoft.AspNetCore.Antiforgery;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>
/// <c>POST /signin/parent</c>: the parent's step (5) of the sign-in (R-CONSENT-3 way 1, R-CONSENT-6 notice). «Дать согласие»
/// / «Отклонить» act on one child's pending request — only for a child ESIA lists as this person's (R-CONSENT-6, checked
/// now) — and show the page again; «Продолжить» resumes the sign-in (<see cref="SignInFlow.ContinueAfterParentalConsentAsync"/>).
/// The person is proven by the protected, browser-bound sign-in state; the form by an antiforgery token.
/// </summary>
internal static class ParentStepEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(ConsentRoutes.ParentStep, HandleAsync).DisableAntiforgery(); // validated explicitly with IAntiforgery

    private static async Task<IResult> HandleAsync(
        HttpContext context, IAntiforgery antiforgery, ProtectedFormState<PendingParentSignIn> forms, ParentalConsentService service, ParentPages pages,
        IDiaryDirectory directory, SignInFlow flow, CancellationToken cancellationToken)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return ParentPages.Expired();
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (forms.Read(form["pending"]) is not { } state || !BrowserBinding.Matches(context, state.BrowserBindingHash))
        {
            return ParentPages.Expired();
        }

        var region = state.Request.RegionCode;
        if (await directory.GetAsync(region, state.ChosenAccountId, cancellationToken) is not { } chosen || !Core.SignIn.Rules.AccountStatusRule.IsUsable(chosen))
        {
            return ParentPages.Expired();
        }

        var noChildrenLinked = chosen.Roles.Contains(DiaryRole.Parent) && chosen.ChildIds.Count == 0;
        var action = form["action"].ToString();
        var child = form["child"].ToString();
        var parent = new ParentActor(region, state.Authentication.EsiaSubjectHash, chosen.Id, state.Request.ClientId);
        switch (action)
        {
            case "continue":
                return await flow.ContinueAfterParentalConsentAsync(context, state.Request, chosen, state.RuleId, state.Authentication, cancellationToken);
            case "grant" or "decline" when child.Length is > 0 and <= 128:
                var decision = action == "grant"
                    ? await service.GrantAsync(parent, child, cancellationToken)
                    : await service.DeclineAsync(parent, child, cancellationToken);
                if (decision == ConsentDecision.NotParentInEsia)
                {
                    return ParentPages.NotParentInEsia();
                }

                var message = action == "grant"
                    ? "Согласие дано. Ребёнок может войти в электронный дневник."
                    : "Запрос отклонён. Ребёнок не сможет войти, пока один из родителей не даст согласие.";
                return await pages.ParentStepAsync(context, state, noChildrenLinked, message, cancellationToken);
            default:
                return ParentPages.Expired();
        }
    }
}
