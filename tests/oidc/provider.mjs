// A small OpenID Connect provider for Certa's test suite (see README.md).
//
// Run with a plain `node tests/oidc/provider.mjs` from any directory; the
// `oidc-provider` package is resolved from tests/browser/node_modules
// (install it with `npm ci --prefix tests/browser`).
//
// Configuration is environment-only; on start exactly one line is written to
// stdout:  oidc-provider ready {"issuer":"http://127.0.0.1:PORT"}
// Everything else (oidc-provider's own notices and warnings included) goes to
// stderr.

import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// oidc-provider prints notices with console.info; keep stdout for the single
// ready line by sending every console stdout method to stderr.
for (const method of ['log', 'info', 'debug']) {
  console[method] = (...args) => console.error(...args);
}

function fail(message) {
  process.stderr.write(`oidc-provider: ${message}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------- settings

function list(name) {
  return (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function required(name) {
  const value = process.env[name];
  if (value === undefined || value === '') fail(`${name} must be set`);
  return value;
}

const portText = process.env.OIDC_PORT ?? '0';
if (!/^\d+$/.test(portText) || Number(portText) > 65535) fail('OIDC_PORT must be an integer 0..65535');
const requestedPort = Number(portText);

const clientId = required('OIDC_CLIENT_ID');
const clientSecret = required('OIDC_CLIENT_SECRET');
const redirectUris = list('OIDC_REDIRECT_URIS');
if (redirectUris.length === 0) fail('OIDC_REDIRECT_URIS must list at least one URI');
const postLogoutRedirectUris = list('OIDC_POST_LOGOUT_REDIRECT_URIS');

let accounts;
try {
  accounts = JSON.parse(required('OIDC_ACCOUNTS'));
} catch {
  fail('OIDC_ACCOUNTS must be a JSON object');
}
if (accounts === null || typeof accounts !== 'object' || Array.isArray(accounts)) {
  fail('OIDC_ACCOUNTS must be a JSON object mapping login names to claim objects');
}
for (const [login, claims] of Object.entries(accounts)) {
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
    fail(`OIDC_ACCOUNTS entry ${JSON.stringify(login)} must be an object of claims`);
  }
}
const accountFor = (login) => (Object.hasOwn(accounts, login) ? accounts[login] : undefined);

// ------------------------------------------------------- load oidc-provider

const requireFromBrowser = createRequire(new URL('../browser/package.json', import.meta.url));
let Provider;
try {
  ({ Provider } = await import(pathToFileURL(requireFromBrowser.resolve('oidc-provider')).href));
} catch (err) {
  fail(`cannot load oidc-provider from tests/browser/node_modules (run \`npm ci --prefix tests/browser\`): ${err.message}`);
}

// ------------------------------------------------------------------- HTML

const escapeHtml = (value) => String(value)
  .replaceAll('&', '&amp;')
  .replaceAll('<', '&lt;')
  .replaceAll('>', '&gt;')
  .replaceAll('"', '&quot;')
  .replaceAll("'", '&#39;');

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Test identity provider</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
label,input,button{display:block;font-size:1rem;margin:.5rem 0}input{padding:.4rem;width:100%;box-sizing:border-box}
button{padding:.5rem 1rem}.error{color:#a00000;font-weight:bold}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function loginPage(uid, { login = '', error } = {}) {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  const errorHtml = error ? `<p id="login-error" class="error" role="alert">${escapeHtml(error)}</p>\n` : '';
  const described = error ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  return page('Sign in', `<h1>Sign in</h1>
${errorHtml}<form method="post" action="${escapeHtml(action)}">
<label for="login">Username</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="${escapeHtml(login)}"${described}>
<button type="submit">Sign in</button>
</form>`);
}

function send(res, status, html) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}

// ---------------------------------------------------------------- provider

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: crypto.randomBytes(12).toString('base64url'),
  alg: 'RS256',
  use: 'sig',
};

const SCOPES = ['openid', 'email', 'profile', 'groups'];

function configuration() {
  return {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      application_type: 'web',
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic', // client_secret_post is accepted too
      id_token_signed_response_alg: 'RS256',
    }],
    jwks: { keys: [signingKey] },
    cookies: {
      keys: [crypto.randomBytes(32).toString('base64url')],
      // Distinct names: on 127.0.0.1 the browser shares cookies across ports.
      names: {
        session: 'test_op_session',
        interaction: 'test_op_interaction',
        resume: 'test_op_interaction_resume',
      },
      // No `secure` flag: plain http on loopback.
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    scopes: SCOPES,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      // `organisation`: the client organisation (its reference at the certification body)
      // of a client user.
      groups: ['groups', 'organisation'],
    },
    // Put the scope claims in the ID token itself, not only in userinfo.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true }, // oidc-provider 9 supports S256 only
    clientBasedCORS: () => false,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = page('Sign out', `<h1>Sign out</h1>
<p>Sign out of the test identity provider?</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>`);
        },
        postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = page('Signed out', '<h1>Signed out</h1>\n<p>You have been signed out.</p>');
        },
      },
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    async findAccount(_ctx, sub) {
      const claims = accountFor(sub);
      if (!claims) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { ...claims, sub };
        },
      };
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      const rows = Object.entries(out)
        .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`)
        .join('\n');
      ctx.body = page('Error', `<h1>Error</h1>\n${rows}`);
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      BackchannelAuthenticationRequest: 600,
      ClientCredentials: 600,
      DeviceCode: 600,
      Grant: 3600,
      IdToken: 3600,
      Interaction: 600,
      PreAuthorizedCode: 600,
      RefreshToken: 3600,
      Session: 3600,
    },
  };
}

// --------------------------------------------------------------- interactions

async function readForm(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function requestedScopes(details) {
  const asked = new Set(String(details.params.scope ?? '').split(' ').filter(Boolean));
  return SCOPES.filter((scope) => asked.has(scope)).join(' ');
}

// Grant everything that was asked for; there is no consent screen.
async function grantAll(provider, details, accountId) {
  const { prompt, params } = details;
  let grant;
  if (details.grantId && details.session?.accountId === accountId) {
    grant = await provider.Grant.find(details.grantId);
  }
  grant ??= new provider.Grant({ accountId, clientId: params.client_id });

  const scope = requestedScopes(details);
  if (scope) grant.addOIDCScope(scope);
  if (prompt.name === 'consent') {
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details;
    if (missingOIDCScope?.length) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims?.length) grant.addOIDCClaims(missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  return grant.save();
}

async function interaction(provider, req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    send(res, 400, page('Error', '<h1>Error</h1>\n<p role="alert">This sign-in request does not match the current one.</p>'));
    return;
  }

  if (action === undefined && req.method === 'GET') {
    if (details.prompt.name === 'consent') {
      const grantId = await grantAll(provider, details, details.session.accountId);
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    send(res, 200, loginPage(uid));
    return;
  }

  if (action === 'login' && req.method === 'POST') {
    const form = await readForm(req);
    const login = (form.get('login') ?? '').trim();
    if (!login || !accountFor(login)) {
      send(res, 400, loginPage(uid, {
        login,
        error: login ? 'Unknown username.' : 'Enter a username.',
      }));
      return;
    }
    const grantId = await grantAll(provider, details, login);
    await provider.interactionFinished(req, res, {
      login: { accountId: login },
      consent: { grantId },
    }, { mergeWithLastSubmission: false });
    return;
  }

  res.statusCode = 405;
  res.setHeader('Allow', action === 'login' ? 'POST' : 'GET');
  res.end();
}

// ------------------------------------------------------------------ server

let provider;
let providerCallback;

const server = http.createServer(async (req, res) => {
  if (!providerCallback) {
    res.statusCode = 503;
    res.end();
    return;
  }
  const { pathname } = new URL(req.url, 'http://127.0.0.1');
  const match = /^\/interaction\/([^/]+)(?:\/(login))?\/?$/.exec(pathname);
  if (!match) {
    providerCallback(req, res);
    return;
  }
  try {
    await interaction(provider, req, res, decodeURIComponent(match[1]), match[2]);
  } catch (err) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const status = err.status ?? err.statusCode ?? 500;
    const message = status >= 500
      ? 'Internal error.'
      : (err.error_description ?? err.message ?? 'Bad request.');
    if (status >= 500) process.stderr.write(`oidc-provider: interaction error: ${err.stack ?? err}\n`);
    send(res, status, page('Error', `<h1>Error</h1>\n<p role="alert">${escapeHtml(message)}</p>`));
  }
});

await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(requestedPort, '127.0.0.1', resolve);
}).catch((err) => fail(`cannot listen on 127.0.0.1:${requestedPort}: ${err.message}`));

const issuer = `http://127.0.0.1:${server.address().port}`;
try {
  provider = new Provider(issuer, configuration());
  // Validate the static client now rather than on the first request.
  if (!(await provider.Client.find(clientId))) throw new Error('client not found');
} catch (err) {
  server.close();
  fail(`invalid configuration: ${err.error_description ?? err.message}`);
}
provider.on('server_error', (_ctx, err) => {
  process.stderr.write(`oidc-provider: server_error: ${err.stack ?? err}\n`);
});
providerCallback = provider.callback();

process.stdout.write(`oidc-provider ready ${JSON.stringify({ issuer })}\n`);

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
