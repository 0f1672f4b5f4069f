// oauth4webapi 3.8.8 as the diary mobile app (public client, PAR + DPoP required) of the broker (R-TOKEN-1).
// The DPoP key is made in `par` and handed back (as JWKs) so that `code-grant` proves possession of the same key.
// Environment: BROKER_URL (issuer), CLIENT_ID, REDIRECT_URI; for validate-access-token also EXPECTED_AUDIENCE.
// Commands (JSON in on stdin, JSON out on stdout; any library error: exit 1, the error on stderr):
//   par                    {scope}  -> {url, codeVerifier, state, nonce, dpopKey, requestUri, expiresIn, dpopJkt}
//   code-grant             {callback, codeVerifier, state, nonce, dpopKey} -> tokens, ID token claims, userinfo, refreshed tokens
//   userinfo-bearer        {accessToken}  -> the DPoP-bound token sent as a plain Bearer token (must be refused)
//   validate-access-token  {accessToken}  -> RFC 9068 claims as oauth4webapi's resource-server check sees them
import * as oauth from 'oauth4webapi';
import { env, main } from './lib/io.mjs';

const insecure = { [oauth.allowInsecureRequests]: true }; // the test broker listens on http://127.0.0.1

async function authorizationServer() {
  const issuer = new URL(env('BROKER_URL'));
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
}

const client = () => ({ client_id: env('CLIENT_ID') });

/** Sends a request built by `send` and processes it with `process`; one retry when the server asks for a DPoP nonce (RFC 9449 §8). */
async function withNonceRetry(send, process) {
  try {
    return await process(await send());
  } catch (err) {
    if (oauth.isDPoPNonceError(err)) {
      return process(await send());
    }
    throw err;
  }
}

async function newDpopKey() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  return {
    privateJwk: await crypto.subtle.exportKey('jwk', pair.privateKey),
    publicJwk: await crypto.subtle.exportKey('jwk', pair.publicKey),
  };
}

async function importDpopKey({ privateJwk, publicJwk }) {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  return {
    privateKey: await crypto.subtle.importKey('jwk', privateJwk, algorithm, false, ['sign']),
    publicKey: await crypto.subtle.importKey('jwk', publicJwk, algorithm, true, ['verify']),
  };
}

function tokenSummary(tokens) {
  return {
    access_token: tokens.access_token,
    token_type: tokens.token_type,
    expires_in: tokens.expires_in,
    scope: tokens.scope,
    refresh_token: tokens.refresh_token,
    id_token: tokens.id_token,
    id_token_claims: oauth.getValidatedIdTokenClaims(tokens),
  };
}

await main({
  async par({ scope }) {
    const as = await authorizationServer();
    const c = client();
    const dpopKey = await newDpopKey();
    const DPoP = oauth.DPoP(c, await importDpopKey(dpopKey));
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const parameters = {
      redirect_uri: env('REDIRECT_URI'),
      response_type: 'code',
      scope: scope ?? 'openid profile diary offline_access',
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    };
    const par = await withNonceRetry(
      () => oauth.pushedAuthorizationRequest(as, c, oauth.None(), parameters, { DPoP, ...insecure }),
      (response) => oauth.processPushedAuthorizationResponse(as, c, response),
    );
    const url = new URL(as.authorization_endpoint);
    url.searchParams.set('client_id', c.client_id);
    url.searchParams.set('request_uri', par.request_uri);
    return {
      url: url.href, codeVerifier, state, nonce, dpopKey,
      requestUri: par.request_uri, expiresIn: par.expires_in, dpopJkt: await DPoP.calculateThumbprint(),
    };
  },

  async 'code-grant'({ callback, codeVerifier, state, nonce, dpopKey }) {
    const as = await authorizationServer();
    const c = client();
    const DPoP = oauth.DPoP(c, await importDpopKey(dpopKey));
    const params = oauth.validateAuthResponse(as, c, new URL(callback), state);
    const tokens = await withNonceRetry(
      () => oauth.authorizationCodeGrantRequest(as, c, oauth.None(), params, env('REDIRECT_URI'), codeVerifier, { DPoP, ...insecure }),
      (response) => oauth.processAuthorizationCodeResponse(as, c, response, { expectedNonce: nonce, requireIdToken: true }),
    );
    const summary = tokenSummary(tokens);
    const sub = summary.id_token_claims.sub;

    // the userinfo endpoint as an arbitrary protected resource (RFC 9449 §7) and as the OIDC UserInfo endpoint
    const resource = await withNonceRetry(
      () => oauth.protectedResourceRequest(tokens.access_token, 'GET', new URL(as.userinfo_endpoint), new Headers(), null, { DPoP, ...insecure }),
      async (response) => {
        if (!response.ok) throw new Error(`protected resource request: HTTP ${response.status} ${await response.text()}`);
        return response.json();
      },
    );
    const userinfo = await withNonceRetry(
      () => oauth.userInfoRequest(as, c, tokens.access_token, { DPoP, ...insecure }),
      (response) => oauth.processUserInfoResponse(as, c, sub, response),
    );

    const refreshed = tokens.refresh_token === undefined ? undefined : await withNonceRetry(
      () => oauth.refreshTokenGrantRequest(as, c, oauth.None(), tokens.refresh_token, { DPoP, ...insecure }),
      (response) => oauth.processRefreshTokenResponse(as, c, response),
    );
    const refreshedUserinfo = refreshed === undefined ? undefined : await withNonceRetry(
      () => oauth.userInfoRequest(as, c, refreshed.access_token, { DPoP, ...insecure }),
      (response) => oauth.processUserInfoResponse(as, c, sub, response),
    );
    return {
      ...summary,
      dpopJkt: await DPoP.calculateThumbprint(),
      resource,
      userinfo,
      refreshed: refreshed === undefined ? undefined : tokenSummary(refreshed),
      refreshedUserinfo,
    };
  },

  async 'userinfo-bearer'({ accessToken }) {
    const as = await authorizationServer();
    const response = await fetch(as.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
    return { status: response.status, wwwAuthenticate: response.headers.get('www-authenticate') };
  },

  async 'validate-access-token'({ accessToken }) {
    const as = await authorizationServer();
    const request = new Request('http://127.0.0.1/resource', { headers: { authorization: `Bearer ${accessToken}` } });
    return oauth.validateJwtAccessToken(as, request, env('EXPECTED_AUDIENCE'), insecure);
  },
});
