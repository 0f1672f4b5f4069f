// panva's oidc-provider 9.13.3 configured like the broker for the benchmark: authorization code + PKCE (S256,
// required), RS256 ID tokens, JWT access tokens (RFC 9068 at+jwt, via resourceIndicators), refresh-token rotation on
// every use, client_secret_basic. Interactions: oidc-provider's devInteractions (login + consent forms).
//   node op.mjs --port P --adapter memory|postgres [--database URL] --client-id ID --client-secret S --redirect-uri URI
import crypto from 'node:crypto';
import Provider from 'oidc-provider';
import { MemoryAdapter, PostgresAdapter, initPostgres } from './adapters.mjs';

const a = {};
for (let i = 2; i < process.argv.length; i += 2) a[process.argv[i].slice(2)] = process.argv[i + 1];
const issuer = `http://127.0.0.1:${a.port}`;

let adapter = MemoryAdapter;
if (a.adapter === 'postgres') {
  await initPostgres(a.database, Number(a['pool-size'] ?? 32));
  adapter = PostgresAdapter;
}

const signingKey = { ...crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'bench-rs256', alg: 'RS256', use: 'sig' };

// claims of a diary account, like the broker's (DiaryClaims): profile, region, roles, schools, children
const account = (id) => ({
  accountId: id,
  async claims() {
    return {
      sub: id, name: 'Петров Иван Сергеевич', family_name: 'Петров', given_name: 'Иван', middle_name: 'Сергеевич',
      preferred_username: 'petrov.is', region: '38', roles: ['parent'], schools: ['38-0001'], children: ['d38-2001', 'd38-2002'],
    };
  },
});

const provider = new Provider(issuer, {
  adapter,
  clients: [{
    client_id: a['client-id'], client_secret: a['client-secret'], redirect_uris: [a['redirect-uri']],
    grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('base64')] },
  findAccount: async (_ctx, id) => account(id),
  claims: { openid: ['sub'], profile: ['name', 'family_name', 'given_name', 'middle_name', 'preferred_username'] },
  scopes: ['openid', 'offline_access', 'profile'],
  pkce: { required: () => true },
  rotateRefreshToken: () => true,
  enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
  ttl: { AuthorizationCode: 600, AccessToken: 900, IdToken: 600, RefreshToken: 30 * 24 * 3600, Grant: 30 * 24 * 3600, Session: 3600, Interaction: 600 },
  extraTokenClaims: async (_ctx, token) => (token.kind === 'AccessToken' ? { region: '38', roles: ['parent'], schools: ['38-0001'], children: ['d38-2001', 'd38-2002'] } : undefined),
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: false },
    introspection: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:diary-api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'diary', audience: 'diary-api', accessTokenTTL: 900, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
    },
  },
});
provider.on('server_error', (_ctx, err) => console.error('server_error', err));
provider.listen(Number(a.port), '127.0.0.1', () => console.log(`oidc-provider (${a.adapter}) on ${issuer}`));
