// A real OpenID Connect provider for the tests (the OpenID-certified `oidc-provider`, pinned in package-lock.json):
// discovery, JWKS and ES256-signed JWT access tokens, on 127.0.0.1 only. Started by tests/Testing/OidcProvider.cs.
//
//   node server.mjs [port]      port from the argument or OIDC_PORT; 0 (the default) picks a free one.
//   Prints one line "listening <issuer>" on stdout once discovery answers.
//
// Test accounts carry Keycloak-style group paths (/trm/roles/<Role>, /trm/org/<organisation>, /trm/jurisdiction/<CC>),
// as the Keycloak realm in deploy/keycloak puts them in a `groups` claim. Tokens for an account come from a test-only
// grant at the standard token endpoint (the confidential client `trm-tests` authenticates with client_secret_basic):
//
//   POST /token  grant_type=urn:trm:grant-type:test-account  account=<id>  resource=urn:trm:api  [expired=true]
//
// The access token is a JWT (typ at+jwt) signed with the provider's current key; `resource` selects the audience
// (urn:trm:api → transnational-referral, urn:trm:other-api → another-api). expired=true backdates iat/exp by an hour.
//
// Test-only administration (loopback, never part of a deployment):
//   POST /test/accounts        {"id": "...", "groups": ["/trm/roles/FocalPoint", ...]}  adds or replaces an account
//   POST /test/keys/rotate     a new signing key: published first in the JWKS and signing from now on (old keys stay published)
//   POST /test/keys/retire     every key but the current one leaves the JWKS
//   GET  /test/keys            the key ids, current first
import http from 'node:http';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import Provider, { errors } from 'oidc-provider';

const GrantType = 'urn:trm:grant-type:test-account';
const ClientId = 'trm-tests';
const ClientSecret = 'trm-tests-secret';
const Resources = {
  'urn:trm:api': 'transnational-referral',
  'urn:trm:other-api': 'another-api',
};

const accounts = new Map(Object.entries(JSON.parse(readFileSync(new URL('./accounts.json', import.meta.url), 'utf8'))));

/** The signing keys, current first: private JWKs (ES256, P-256). */
let keys = [newKey()];

function newKey() {
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...privateKey.export({ format: 'jwk' }), kid: `trm-test-${crypto.randomUUID()}`, alg: 'ES256', use: 'sig' };
}

/** What a token is issued for (the account, and whether to backdate it), by token. */
const issued = new WeakMap();

function createProvider(issuer) {
  const provider = new Provider(issuer, {
    clients: [{
      client_id: ClientId,
      client_secret: ClientSecret,
      grant_types: [GrantType],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:trm:api',
        getResourceServerInfo: (ctx, resource) => resourceServerInfo(resource),
        useGrantedResource: () => true,
      },
    },
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    enabledJWA: { clientAuthSigningAlgValues: ['ES256'], idTokenSigningAlgValues: ['ES256'], requestObjectSigningAlgValues: ['ES256'] },
    formats: {
      customizers: {
        jwt(ctx, token, jwt) {
          const what = issued.get(token);
          if (!what) return;
          jwt.payload.sub = what.account;
          jwt.payload.groups = what.groups;
          if (what.expired) {
            jwt.payload.iat -= 3600;
            jwt.payload.exp = jwt.payload.iat + 600;
          }
        },
      },
    },
    ttl: { ClientCredentials: 600 },
  });
  provider.proxy = false;

  provider.registerGrantType(GrantType, async (ctx) => {
    const { account, resource, expired } = ctx.oidc.params;
    const found = accounts.get(account ?? '');
    if (!found) throw new errors.InvalidGrant(`unknown test account ${account}`);
    const target = resource ?? 'urn:trm:api';
    if (!(target in Resources)) throw new errors.InvalidTarget(`unknown resource ${target}`);
    const token = new provider.ClientCredentials({
      client: ctx.oidc.client,
      resourceServer: new provider.ResourceServer(target, resourceServerInfo(target)),
    });
    issued.set(token, { account, groups: found.groups, expired: expired === 'true' });
    const value = await token.save();
    ctx.body = { access_token: value, token_type: 'Bearer', expires_in: token.expiration };
  }, ['account', 'resource', 'expired']);
  return provider;
}

function resourceServerInfo(resource) {
  const audience = Resources[resource];
  if (!audience) throw new errors.InvalidTarget(`unknown resource ${resource}`);
  return { audience, accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'ES256' } }, scope: '' };
}

let provider;
let handler;
let issuer;

function use(next) {
  provider = next;
  handler = next.callback();
}

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function admin(req, res) {
  const remote = req.socket.remoteAddress;
  if (remote !== '127.0.0.1' && remote !== '::1' && remote !== '::ffff:127.0.0.1') return json(res, 403, { error: 'loopback only' });
  const path = req.url.split('?')[0];
  if (req.method === 'POST' && path === '/test/accounts') {
    const { id, groups } = await body(req);
    if (typeof id !== 'string' || !id || !Array.isArray(groups)) return json(res, 400, { error: 'id (string) and groups (array) are required' });
    accounts.set(id, { groups });
    return json(res, 200, { id, groups });
  }
  if (req.method === 'POST' && path === '/test/keys/rotate') {
    keys = [newKey(), ...keys];
    use(createProvider(issuer));
  } else if (req.method === 'POST' && path === '/test/keys/retire') {
    keys = [keys[0]];
    use(createProvider(issuer));
  } else if (!(req.method === 'GET' && path === '/test/keys')) {
    return json(res, 404, { error: 'unknown test endpoint' });
  }
  return json(res, 200, { current: keys[0].kid, keys: keys.map((k) => k.kid) });
}

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/test/')) {
    admin(req, res).catch((e) => json(res, 500, { error: String(e) }));
    return;
  }
  handler(req, res);
});

const port = Number(process.argv[2] ?? process.env.OIDC_PORT ?? 0);
server.listen(port, '127.0.0.1', async () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  use(createProvider(issuer));
  const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!discovery.ok) {
    console.error(`discovery answered ${discovery.status}`);
    process.exit(1);
  }
  console.log(`listening ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
