// openid-client 6.8.9 as a diary relying party of the broker (R-TOKEN-1): used unchanged, with its own checks on.
// Environment: BROKER_URL (issuer), CLIENT_ID, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI, and the client authentication:
//   CLIENT_SECRET (client_secret_basic), or CLIENT_PRIVATE_JWK (a private RSA JWK with kid: private_key_jwt, RFC 7523).
// Commands (JSON in on stdin, JSON out on stdout; any library error: exit 1, the error on stderr):
//   discover           -> the server metadata as the library saw it
//   authorization-url  {scope}  -> {url, codeVerifier, state, nonce}
//   code-grant         {callback, codeVerifier, state, nonce}  -> tokens, validated ID token claims, userinfo
//   refresh            {refreshToken, expectedSubject}  -> tokens, ID token claims (when one is returned)
//   userinfo           {accessToken, expectedSubject}
//   revoke             {token, tokenTypeHint}
//   introspect         {token}
//   end-session-url    {idTokenHint, state}  -> {url}
//   client-credentials {scope}  -> tokens
import * as client from 'openid-client';
import { env, optionalEnv, main } from './lib/io.mjs';

async function clientAuthentication() {
  const jwk = optionalEnv('CLIENT_PRIVATE_JWK');
  if (jwk !== undefined) {
    const parsed = JSON.parse(jwk);
    const key = await crypto.subtle.importKey('jwk', parsed, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    return client.PrivateKeyJwt({ key, kid: parsed.kid });
  }
  return client.ClientSecretBasic(env('CLIENT_SECRET'));
}

async function configuration() {
  return client.discovery(
    new URL(env('BROKER_URL')),
    env('CLIENT_ID'),
    undefined,
    await clientAuthentication(),
    { execute: [client.allowInsecureRequests] }, // the test broker listens on http://127.0.0.1
  );
}

function tokenSummary(tokens) {
  return {
    access_token: tokens.access_token,
    token_type: tokens.token_type,
    expires_in: tokens.expiresIn(),
    scope: tokens.scope,
    refresh_token: tokens.refresh_token,
    id_token: tokens.id_token,
    // claims() returns the ID token claims that the library validated (signature against jwks_uri, iss, aud, exp, iat,
    // nonce, at_hash when present ...); undefined when there is no ID token
    id_token_claims: tokens.claims(),
  };
}

await main({
  async discover() {
    const config = await configuration();
    return config.serverMetadata();
  },

  async 'authorization-url'({ scope }) {
    const config = await configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: env('REDIRECT_URI'),
      scope: scope ?? 'openid profile diary',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, codeVerifier, state, nonce };
  },

  async 'code-grant'({ callback, codeVerifier, state, nonce }) {
    const config = await configuration();
    const tokens = await client.authorizationCodeGrant(config, new URL(callback), {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const summary = tokenSummary(tokens);
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, summary.id_token_claims.sub);
    return { ...summary, userinfo };
  },

  async refresh({ refreshToken }) {
    const config = await configuration();
    return tokenSummary(await client.refreshTokenGrant(config, refreshToken));
  },

  async userinfo({ accessToken, expectedSubject }) {
    const config = await configuration();
    return client.fetchUserInfo(config, accessToken, expectedSubject ?? client.skipSubjectCheck);
  },

  async revoke({ token, tokenTypeHint }) {
    const config = await configuration();
    await client.tokenRevocation(config, token, tokenTypeHint ? { token_type_hint: tokenTypeHint } : undefined);
    return { revoked: true };
  },

  async introspect({ token }) {
    const config = await configuration();
    return client.tokenIntrospection(config, token);
  },

  async 'end-session-url'({ idTokenHint, state }) {
    const config = await configuration();
    const parameters = { id_token_hint: idTokenHint };
    const postLogout = optionalEnv('POST_LOGOUT_REDIRECT_URI');
    if (postLogout) parameters.post_logout_redirect_uri = postLogout;
    if (state) parameters.state = state;
    return { url: client.buildEndSessionUrl(config, parameters).href };
  },

  async 'client-credentials'({ scope }) {
    const config = await configuration();
    return tokenSummary(await client.clientCredentialsGrant(config, scope ? { scope } : undefined));
  },
});
