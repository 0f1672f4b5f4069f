// Load driver for the token-endpoint benchmark (bench/run.sh). Loopback only, closed loop: N concurrent clients,
// each sends its next request when the previous answer arrived. Every phase is bounded in count and in time.
//
//   node driver.mjs code    --impl broker|oidc-provider --issuer URL ...   authorization_code redemptions
//   node driver.mjs refresh --impl broker|oidc-provider --issuer URL ...   refresh_token grants, one rotating family per client
//   node driver.mjs table   --results FILE                                 prints the table of all results
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';

const args = parseArgs(process.argv.slice(3));
const command = process.argv[2];
const HARD_TIME_LIMIT_MS = 120_000; // no phase may run longer than this, whatever the options say
const REQUEST_TIMEOUT_MS = Number(process.env.IB_BENCH_REQUEST_TIMEOUT_MS || 10_000); // run.sh --smoke: longer (a cold start on a busy CI box)
const MAX_REFRESH_REQUESTS = 500_000;

function parseArgs(list) {
  const o = {};
  for (let i = 0; i < list.length; i += 2) {
    if (!list[i].startsWith('--')) throw new Error(`unexpected argument ${list[i]}`);
    o[list[i].slice(2)] = list[i + 1];
  }
  return o;
}

function log(...m) { process.stderr.write(`    ${m.join(' ')}\n`); }

// ---------------------------------------------------------------- HTTP with a cookie jar

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(method, url, { headers = {}, body = null, jar = null } = {}) {
  const u = new URL(url);
  if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') throw new Error(`loopback only: ${url}`);
  const h = { ...headers };
  if (jar) {
    const cookie = jar.header(u);
    if (cookie) h.cookie = cookie;
  }
  if (body !== null) h['content-length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = http.request({ method, hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers: h, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (jar) jar.store(u, res.headers['set-cookie']);
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), url });
      });
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`timeout after ${REQUEST_TIMEOUT_MS} ms: ${method} ${url}`)));
    req.on('error', reject);
    if (body !== null) req.write(body);
    req.end();
  });
}

// One jar per host:port (a browser would share cookies across ports; keeping them apart avoids name clashes here).
class Jar {
  constructor() { this.byOrigin = new Map(); }
  header(u) {
    const m = this.byOrigin.get(u.host);
    return m ? [...m].map(([k, v]) => `${k}=${v}`).join('; ') : '';
  }
  store(u, setCookies) {
    if (!setCookies) return;
    let m = this.byOrigin.get(u.host);
    if (!m) this.byOrigin.set(u.host, (m = new Map()));
    for (const sc of setCookies) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1]) < new Date())
        || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') m.delete(name); else m.set(name, value);
    }
  }
}

// ---------------------------------------------------------------- OIDC helpers

const b64url = (buf) => Buffer.from(buf).toString('base64url');
function pkce() {
  const verifier = b64url(crypto.randomBytes(32));
  return { verifier, challenge: b64url(crypto.createHash('sha256').update(verifier).digest()) };
}

async function discover(issuer) {
  const r = await request('GET', `${issuer}/.well-known/openid-configuration`);
  if (r.status !== 200) throw new Error(`discovery ${r.status}`);
  return JSON.parse(r.body);
}

function authorizeUrl(meta, o, { scope, p, prompt }) {
  const q = new URLSearchParams({
    client_id: o['client-id'], redirect_uri: o['redirect-uri'], response_type: 'code', scope,
    state: b64url(crypto.randomBytes(12)), nonce: b64url(crypto.randomBytes(12)),
    code_challenge: p.challenge, code_challenge_method: 'S256',
  });
  if (prompt) q.set('prompt', prompt);
  return `${meta.authorization_endpoint}?${q}`;
}

const decode = (s) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)));
function attrs(tag) {
  const a = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) a[m[1].toLowerCase()] = decode(m[3] ?? m[4]);
  return a;
}

// Submits the form that contains the first element matching `marker` (a regex on the tag), adding `extra` fields.
async function submitForm(page, marker, extra, jar) {
  const form = formOnPage(page, marker, extra);
  return request(form.method, form.url,
    { jar, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.body });
}

// Follows redirects until the client's redirect URI (returns {code}) or a page that is not a redirect.
async function follow(res, o, jar) {
  for (let hop = 0; hop < 20; hop++) {
    if (res.status < 300 || res.status >= 400 || !res.headers.location) return { page: res };
    const next = new URL(res.headers.location, res.url).toString();
    if (next.startsWith(o['redirect-uri'])) {
      const q = new URL(next).searchParams;
      if (!q.get('code')) throw new Error(`authorization error at the redirect URI: ${next}`);
      return { code: q.get('code') };
    }
    res = await request('GET', next, { jar });
  }
  throw new Error('too many redirects');
}

// Drives whatever interaction pages come up (ESIA emulator persona + access page; oidc-provider dev login + consent).
async function authorizeInteractive(meta, o, jar, scope, prompt) {
  const p = pkce();
  let step = await follow(await request('GET', authorizeUrl(meta, o, { scope, p, prompt }), { jar }), o, jar);
  const pages = [];
  for (let i = 0; i < 6 && !step.code; i++) {
    const page = step.page;
    let res;
    if (/class="persona"/.test(page.body)) {
      pages.push('ESIA persona');
      res = await submitForm(page, /class="persona"/, { persona: 'confirmed-adult' }, jar);
    } else if (/id="data-consent"/.test(page.body)) {
      // the broker's data-consent page (R-CONSENT-1), asked at the first sign-in in a region: «Даю согласие»
      pages.push('data consent');
      res = await submitForm(page, /value="accept"/, { decision: 'accept' }, jar);
    } else if (/name="decision"/.test(page.body)) {
      pages.push('ESIA access');
      res = await submitForm(page, /value="grant"/, { decision: 'grant' }, jar);
    } else if (/name="prompt" value="login"/.test(page.body)) {
      pages.push('login');
      res = await submitForm(page, /value="login"/, { login: 'd38-1001', password: 'x' }, jar);
    } else if (/name="prompt" value="consent"/.test(page.body)) {
      pages.push('consent');
      res = await submitForm(page, /value="consent"/, {}, jar);
    } else {
      throw new Error(`unexpected page ${page.status} ${page.url}: ${page.body.slice(0, 600)}`);
    }
    step = await follow(res, o, jar);
  }
  if (!step.code) throw new Error('sign-in did not reach the redirect URI');
  return { code: step.code, verifier: p.verifier, pages };
}

// Single sign-on: the session cookie answers /authorize with a code directly.
async function authorizeSilently(meta, o, jar, scope) {
  const p = pkce();
  const step = await follow(await request('GET', authorizeUrl(meta, o, { scope, p }), { jar }), o, jar);
  if (!step.code) throw new Error(`expected a code without interaction, got ${step.page.status} ${step.page.url}: ${step.page.body.slice(0, 300)}`);
  return { code: step.code, verifier: p.verifier };
}

function tokenRequest(meta, o, form) {
  const basic = Buffer.from(`${encodeURIComponent(o['client-id'])}:${encodeURIComponent(o['client-secret'])}`).toString('base64');
  return request('POST', meta.token_endpoint, {
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}`, accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
}

const redeem = (meta, o, c) => tokenRequest(meta, o, { grant_type: 'authorization_code', code: c.code, redirect_uri: o['redirect-uri'], code_verifier: c.verifier });

// ---------------------------------------------------------------- CPU accounting (/proc, clock ticks of 10 ms)

function procTicks(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch { return null; }
}
function treeTicks(rootPid) { // the process and its direct children (postgres backends are children of the postmaster)
  let total = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const p = procTicks(d);
    if (p && (Number(d) === rootPid || p.ppid === rootPid)) total += p.ticks;
  }
  return total;
}
function machineTicks() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  return { busy: f.reduce((a, b) => a + b, 0) - idle, all: f.reduce((a, b) => a + b, 0) };
}
function cpuSnapshot(o) {
  const self = process.cpuUsage();
  return {
    server: procTicks(Number(o['server-pid']))?.ticks ?? 0,
    postgres: o['pg-pid'] ? treeTicks(Number(o['pg-pid'])) : 0,
    driver: (self.user + self.system) / 10_000,
    machine: machineTicks(),
  };
}
function cpuSplit(a, b, seconds) { // percent of one core
  const pct = (t) => Math.round(t / seconds); // ticks are 1/100 s: ticks / seconds = percent
  const server = pct(b.server - a.server), postgres = pct(b.postgres - a.postgres), driver = pct(b.driver - a.driver);
  const busy = pct(b.machine.busy - a.machine.busy);
  return { server, postgres, driver, other: Math.max(0, busy - server - postgres - driver), busy };
}

// ---------------------------------------------------------------- load phases

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Runs `concurrency` workers; each calls step(worker) until it returns false, the count or the deadline is reached.
async function closedLoop(concurrency, step, { maxRequests, maxMs }) {
  const latencies = [];
  let errors = 0, started = 0;
  const sampleErrors = [];
  const t0 = performance.now();
  const deadline = t0 + Math.min(maxMs, HARD_TIME_LIMIT_MS);
  const worker = async (w) => {
    while (started < maxRequests && performance.now() < deadline) {
      started++;
      const s = performance.now();
      let ok, detail, stop;
      try { ({ ok, detail, stop } = await step(w)); } catch (e) { ok = false; detail = e.message; stop = true; }
      const ms = performance.now() - s;
      if (ok) latencies.push(ms);
      else {
        errors++;
        if (sampleErrors.length < 3) sampleErrors.push(detail);
        if (stop) break; // e.g. a refresh-token family that can no longer be used
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length + errors, ok: latencies.length, errors, seconds, latencies, sampleErrors };
}

async function parallel(n, concurrency, fn) {
  const out = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n) { const i = next++; out[i] = await fn(i); }
  }));
  return out;
}

// pg_stat_statements of the server's database, reset right before the measured phase and read right after it, so the
// numbers are per measured request (code generation, sign-in and warm-up excluded).
async function sqlStats(o) {
  if (!o['stats-db']) return { reset: async () => {}, read: async () => [] };
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: o['stats-db'] });
  await client.connect();
  return {
    reset: () => client.query('SELECT pg_stat_statements_reset()'),
    read: async (requests) => {
      const { rows } = await client.query(`SELECT calls, total_exec_time AS total, mean_exec_time AS mean, rows, query
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 15`);
      await client.end();
      return rows.map((x) => ({ perRequest: Number((x.calls / requests).toFixed(2)), calls: Number(x.calls), totalMs: Math.round(x.total),
        meanMs: Number(x.mean.toFixed(3)), query: x.query.replace(/\s+/g, ' ').slice(0, 160) }));
    },
  };
}

// IB_BENCH_ON_MEASURE: a shell command started (detached) when a measured phase starts, e.g. dotnet-trace (run.sh --trace).
function onMeasure(o, op) {
  const cmd = process.env.IB_BENCH_ON_MEASURE;
  if (!cmd || (process.env.IB_BENCH_ON_MEASURE_IMPL && process.env.IB_BENCH_ON_MEASURE_IMPL !== o.impl)) return;
  spawn('sh', ['-c', cmd], { stdio: 'ignore', detached: true, env: { ...process.env, BENCH_OP: op, BENCH_IMPL: o.impl, BENCH_SERVER_PID: o['server-pid'] } }).unref();
}

function record(o, op, r, cpu, sql = []) {
  const row = {
    op, impl: o.impl, label: o.label, concurrency: Number(o.concurrency), requests: r.requests, ok: r.ok, errors: r.errors,
    seconds: Number(r.seconds.toFixed(2)), rps: Number((r.ok / r.seconds).toFixed(1)),
    p50: Number(percentile(r.latencies, 50).toFixed(1)), p90: Number(percentile(r.latencies, 90).toFixed(1)),
    p99: Number(percentile(r.latencies, 99).toFixed(1)), max: Number((r.latencies.at(-1) ?? NaN).toFixed(1)),
    cpu, sql, sampleErrors: r.sampleErrors, at: new Date().toISOString(), loadavg: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
  };
  fs.appendFileSync(o.results, `${JSON.stringify(row)}\n`);
  // --strict 1 (the smoke, run.sh --smoke): a phase with an error or without a single answer fails the run
  if (o.strict === '1' && (row.errors > 0 || row.ok === 0)) {
    throw new Error(`${op} ${o.impl}: ${row.ok} ok, ${row.errors} errors (strict)${r.sampleErrors.length ? `: ${r.sampleErrors.join(' | ')}` : ''}`);
  }
  log(`${op} ${o.impl}: ${row.ok} ok, ${row.errors} errors in ${row.seconds} s = ${row.rps}/s, p50 ${row.p50} ms, p99 ${row.p99} ms; `
    + `CPU % of a core: server ${cpu.server}, postgres ${cpu.postgres}, driver ${cpu.driver}, other ${cpu.other}`
    + (r.sampleErrors.length ? `; errors e.g. ${r.sampleErrors.join(' | ')}` : ''));
}

const tokenOk = (res, wantRefresh) => {
  if (res.status !== 200) return { ok: false, detail: `${res.status} ${res.body.slice(0, 200)}` };
  const j = JSON.parse(res.body);
  if (!j.access_token || !j.id_token && !wantRefresh) return { ok: false, detail: 'no access_token/id_token' };
  if (wantRefresh && !j.refresh_token) return { ok: false, detail: 'no refresh_token in the answer' };
  return { ok: true, json: j };
};

async function signIn(meta, o) {
  const jar = new Jar();
  const t = performance.now();
  const first = await authorizeInteractive(meta, o, jar, 'openid profile diary');
  const check = tokenOk(await redeem(meta, o, first));
  if (!check.ok) throw new Error(`first code redemption failed: ${check.detail}`);
  log(`${o.impl}: signed in through the interaction pages (${first.pages.join(', ') || 'none: single sign-on'}) in ${Math.round(performance.now() - t)} ms`);
  return jar;
}

async function codeBenchmark(o) {
  const meta = await discover(o.issuer);
  const jar = await signIn(meta, o);
  const measured = Number(o.codes), warm = Number(o['warm-codes'] ?? Math.max(100, Math.round(measured / 4)));
  const t = performance.now();
  const codes = await parallel(warm + measured, 4, () => authorizeSilently(meta, o, jar, 'openid profile diary'));
  log(`${o.impl}: ${codes.length} codes obtained through the session (single sign-on) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const c = Number(o.concurrency);
  let i = 0;
  const step = async () => tokenOk(await redeem(meta, o, codes[i++]));
  const warmed = await closedLoop(c, step, { maxRequests: warm, maxMs: 60_000 });
  if (warmed.errors && o.strict === '1') throw new Error(`authorization_code ${o.impl}: warm-up errors (strict): ${warmed.sampleErrors.join(' | ')}`);
  const stats = await sqlStats(o);
  await stats.reset();
  onMeasure(o, 'authorization_code');
  const a = cpuSnapshot(o);
  const r = await closedLoop(c, step, { maxRequests: measured, maxMs: 90_000 });
  const cpu = cpuSplit(a, cpuSnapshot(o), r.seconds);
  record(o, 'authorization_code', r, cpu, await stats.read(r.requests));
}

async function refreshBenchmark(o) {
  const meta = await discover(o.issuer);
  if (!(meta.grant_types_supported ?? []).includes('refresh_token')) {
    log(`${o.impl}: refresh_token is not in grant_types_supported; skipped`);
    fs.appendFileSync(o.results, `${JSON.stringify({ op: 'refresh_token', impl: o.impl, label: o.label, skipped: 'refresh_token not supported (grant_types_supported)' })}\n`);
    return;
  }
  const jar = await signIn(meta, o);
  const c = Number(o.concurrency);
  // one family per client: a code with offline_access (oidc-provider keeps offline_access only with prompt=consent)
  // interactive ones one at a time: the jar ignores cookie paths, and oidc-provider's interaction cookies are per path
  const families = await parallel(c, o.impl === 'oidc-provider' ? 1 : 4, async () => {
    const code = o.impl === 'oidc-provider'
      ? await authorizeInteractive(meta, o, jar, 'openid profile diary offline_access', 'consent')
      : await authorizeSilently(meta, o, jar, 'openid profile diary offline_access');
    const t = tokenOk(await redeem(meta, o, code), true);
    if (!t.ok) throw new Error(`redeeming a code with offline_access: ${t.detail}`);
    return t.json.refresh_token;
  });
  log(`${o.impl}: ${families.length} refresh-token families`);
  const step = async (w) => {
    const res = await tokenRequest(meta, o, { grant_type: 'refresh_token', refresh_token: families[w] });
    const t = tokenOk(res, true);
    if (!t.ok) return { ok: false, detail: t.detail, stop: true };
    families[w] = t.json.refresh_token; // rotation: always use the successor
    return t;
  };
  const warm = await closedLoop(c, step, { maxRequests: MAX_REFRESH_REQUESTS, maxMs: Number(o.warmup) * 1000 });
  if (warm.errors) log(`warm-up errors: ${warm.errors} (${warm.sampleErrors.join(' | ')})`);
  if (warm.errors && o.strict === '1') throw new Error(`refresh_token ${o.impl}: warm-up errors (strict): ${warm.sampleErrors.join(' | ')}`);
  const stats = await sqlStats(o);
  await stats.reset();
  onMeasure(o, 'refresh_token');
  const a = cpuSnapshot(o);
  const r = await closedLoop(c, step, { maxRequests: MAX_REFRESH_REQUESTS, maxMs: Number(o.duration) * 1000 });
  const cpu = cpuSplit(a, cpuSnapshot(o), r.seconds);
  record(o, 'refresh_token', r, cpu, await stats.read(r.requests));
}

function table(o) {
  const rows = fs.readFileSync(o.results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const head = ['operation', 'implementation', 'conc.', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'CPU% srv/pg/drv/other'];
  const body = rows.map((r) => (r.skipped
    ? [r.op, r.label, '-', '-', '-', '-', '-', '-', `skipped: ${r.skipped}`]
    : [r.op, r.label, r.concurrency, r.requests, r.rps.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), r.errors,
      `${r.cpu.server}/${r.cpu.postgres}/${r.cpu.driver}/${r.cpu.other}`]).map(String));
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i >= 2 && i <= 7 ? c.padStart(w[i]) : c.padEnd(w[i]))).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${w.map((n, i) => (i >= 2 && i <= 7 ? `${'-'.repeat(n + 1)}:` : `${'-'.repeat(n + 2)}`)).join('|')}|`);
  for (const b of body) console.log(line(b));
}

function sqlReport(o) {
  const rows = fs.readFileSync(o.results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  for (const r of rows.filter((x) => x.sql?.length)) {
    console.log(`## ${r.op}, ${r.label}: statements per request (pg_stat_statements, measured phase only)`);
    console.log('per req | mean ms | total ms | query');
    for (const q of r.sql) console.log(`${String(q.perRequest).padStart(7)} | ${q.meanMs.toFixed(3).padStart(7)} | ${String(q.totalMs).padStart(8)} | ${q.query}`);
    console.log();
  }
}

// ---------------------------------------------------------------- federated sign-in through the ESIA emulator (issue #11)
//
//   node driver.mjs signin --impl broker --issuer URL --emulator-pid PID [--management-url URL] ...
//       full sign-ins, each with a fresh cookie jar: authorize → ESIA emulator ac, login and access pages → callback
//       (the broker's ESIA token exchange and person read, the rules, the data-consent page when asked) → code → token
//   node driver.mjs signin-summary --results FILE      the target line and the CPU per sign-in of the signin rows

const SIGNIN_SCOPE = 'openid profile diary';
const SIGNIN_MAX = 200_000;

// One sign-in's clock: every request is timed and charged to the broker (the issuer's origin) or to the ESIA emulator
// (any other loopback origin: its ac, login and access pages). What the two leave of the wall time is the driver's own
// work between requests (HTML parsing, forms): its "think time".
class SignInClock {
  constructor(brokerOrigin) {
    this.brokerOrigin = brokerOrigin;
    this.broker = 0; this.emulator = 0; this.brokerRequests = 0; this.emulatorRequests = 0; this.pages = [];
  }
  charge(url, ms) {
    if (new URL(url).origin === this.brokerOrigin) { this.broker += ms; this.brokerRequests++; } else { this.emulator += ms; this.emulatorRequests++; }
  }
  async request(method, url, options) {
    const s = performance.now();
    try { return await request(method, url, options); } finally { this.charge(url, performance.now() - s); }
  }
}

// The form around the first element matching `marker`, with its hidden fields (antiforgery tokens included) and `extra`.
function formOnPage(page, marker, extra) {
  const form = [...page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].find((f) => marker.test(f[2]));
  if (!form) throw new Error(`no form with ${marker} on ${page.url} (HTTP ${page.status})`);
  const fa = attrs(form[1]);
  const fields = new URLSearchParams();
  for (const m of form[2].matchAll(/<input\b[^>]*>/gi)) {
    const a = attrs(m[0]);
    if (a.name && (a.type ?? 'text') === 'hidden') fields.append(a.name, a.value ?? '');
  }
  for (const [k, v] of Object.entries(extra)) fields.set(k, v);
  return { method: (fa.method || 'get').toUpperCase(), url: new URL(fa.action || page.url, page.url).toString(), body: fields.toString() };
}

// Follows redirects (each hop timed) until the client's redirect URI ({code}) or a page.
async function signinFollow(clock, res, o, jar) {
  for (let hop = 0; hop < 20; hop++) {
    if (res.status < 300 || res.status >= 400 || !res.headers.location) return { page: res };
    const next = new URL(res.headers.location, res.url).toString();
    if (next.startsWith(o['redirect-uri'])) {
      const q = new URL(next).searchParams;
      if (!q.get('code')) throw new Error(`authorization error at the redirect URI: ${q.get('error')} ${q.get('error_description') ?? ''}`);
      return { code: q.get('code') };
    }
    res = await clock.request('GET', next, { jar });
  }
  throw new Error('too many redirects');
}

// One complete federated sign-in of a browser that has never been here: no cookies, no broker session, no ESIA session.
async function federatedSignIn(meta, o, clock) {
  const jar = new Jar();
  const p = pkce();
  let step = await signinFollow(clock, await clock.request('GET', authorizeUrl(meta, o, { scope: SIGNIN_SCOPE, p }), { jar }), o, jar);
  for (let i = 0; i < 6 && !step.code; i++) {
    const page = step.page;
    let form;
    if (/class="persona"/.test(page.body)) {
      clock.pages.push('ESIA login');
      form = formOnPage(page, /class="persona"/, { persona: o.persona ?? 'confirmed-adult' });
    } else if (/id="data-consent"/.test(page.body)) {
      clock.pages.push('data consent'); // R-CONSENT-1: asked once per person, region and text version
      form = formOnPage(page, /value="accept"/, { decision: 'accept' });
    } else if (/name="decision"/.test(page.body)) {
      clock.pages.push('ESIA access');
      form = formOnPage(page, /value="grant"/, { decision: 'grant' });
    } else {
      throw new Error(`unexpected page ${page.status} ${page.url}: ${page.body.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
    const res = await clock.request(form.method, form.url, { jar, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.body });
    step = await signinFollow(clock, res, o, jar);
  }
  if (!step.code) throw new Error(`the sign-in did not reach the redirect URI (pages: ${clock.pages.join(', ')})`);
  const s = performance.now();
  const res = await redeem(meta, o, { code: step.code, verifier: p.verifier });
  clock.charge(meta.token_endpoint, performance.now() - s);
  const t = tokenOk(res);
  if (!t.ok) throw new Error(`code redemption: ${t.detail}`);
}

// The broker's own histogram of its calls to ESIA (identity_broker.esia.request.duration, Prometheus text on the
// management port): the back-channel time (token exchange, person and kids reads) inside the callback request.
async function esiaBackChannel(o) {
  if (!o['management-url']) return null;
  try {
    const r = await request('GET', `${o['management-url']}/metrics`);
    if (r.status !== 200) return null;
    const out = { seconds: 0, calls: 0, byOperation: {} };
    for (const m of r.body.matchAll(/^identity_broker_esia_request_duration_seconds_(sum|count)\{([^}]*)\}\s+(\S+)/gm)) {
      const op = /esia_operation="([^"]*)"/.exec(m[2])?.[1] ?? '?';
      const e = (out.byOperation[op] ??= { seconds: 0, calls: 0 });
      if (m[1] === 'sum') { out.seconds += Number(m[3]); e.seconds += Number(m[3]); } else { out.calls += Number(m[3]); e.calls += Number(m[3]); }
    }
    return out;
  } catch { return null; }
}

async function signinBenchmark(o) {
  const meta = await discover(o.issuer);
  const brokerOrigin = new URL(o.issuer).origin;
  const c = Number(o.concurrency);
  let samples;
  const step = async () => {
    const clock = new SignInClock(brokerOrigin);
    const t0 = performance.now();
    try {
      await federatedSignIn(meta, o, clock);
    } catch (e) {
      // counted, and the client starts the next sign-in; query strings (codes, states) are left out of the message
      return { ok: false, detail: e.message.replace(/\?\S*/g, '?…') };
    }
    const total = performance.now() - t0;
    samples?.push({ total, emulator: clock.emulator, broker: clock.broker, think: total - clock.emulator - clock.broker,
      brokerRequests: clock.brokerRequests, emulatorRequests: clock.emulatorRequests, pages: clock.pages.join(', ') });
    if (!samples && !o.walked) { o.walked = clock.pages.join(', '); log(`sign-in pages: ${o.walked}; ${clock.emulatorRequests} emulator and ${clock.brokerRequests} broker requests`); }
    return { ok: true };
  };
  const warm = await closedLoop(c, step, { maxRequests: Number(o['warm-signins'] ?? SIGNIN_MAX), maxMs: Number(o['signin-warmup'] ?? 5) * 1000 });
  log(`sign-in warm-up: ${warm.ok} ok, ${warm.errors} errors in ${warm.seconds.toFixed(1)} s${warm.errors ? ` (${warm.sampleErrors.join(' | ')})` : ''}`);
  if (warm.errors && o.strict === '1') throw new Error(`federated sign-in: warm-up errors (strict): ${warm.sampleErrors.join(' | ')}`);
  samples = [];
  const stats = await sqlStats(o);
  await stats.reset();
  const esiaBefore = await esiaBackChannel(o);
  onMeasure(o, 'federated_sign_in');
  const emulatorTicks = () => procTicks(Number(o['emulator-pid']))?.ticks ?? 0;
  const a = cpuSnapshot(o), ea = emulatorTicks();
  const r = await closedLoop(c, step, { maxRequests: Number(o.signins ?? 10_000), maxMs: Number(o['signin-duration'] ?? 15) * 1000 });
  const b = cpuSnapshot(o), eb = emulatorTicks();
  const esiaAfter = await esiaBackChannel(o);
  const cpu = cpuSplit(a, b, r.seconds);
  cpu.emulator = Math.round((eb - ea) / r.seconds);
  cpu.other = Math.max(0, cpu.other - cpu.emulator);
  const pick = (k) => samples.map((x) => x[k]).sort((x, y) => x - y);
  const dist = (k) => { const v = pick(k); return { p50: round1(percentile(v, 50)), p99: round1(percentile(v, 99)), mean: round1(v.reduce((x, y) => x + y, 0) / (v.length || 1)) }; };
  let backChannel = null;
  if (esiaBefore && esiaAfter && r.ok) {
    const per = (x, y) => ({ meanMs: round1(((y.seconds - x.seconds) * 1000) / r.ok), callsPerSignIn: round1((y.calls - x.calls) / r.ok) });
    backChannel = { ...per(esiaBefore, esiaAfter), byOperation: Object.fromEntries(Object.entries(esiaAfter.byOperation)
      .map(([op, v]) => [op, per(esiaBefore.byOperation[op] ?? { seconds: 0, calls: 0 }, v)])) };
  }
  const signin = {
    total: dist('total'), emulator: dist('emulator'), brokerAdded: dist('broker'), think: dist('think'), backChannel,
    requestsPerSignIn: samples.length ? { broker: samples[0].brokerRequests, emulator: samples[0].emulatorRequests } : null,
    cpuMsPerSignIn: r.ok ? Object.fromEntries(['server', 'emulator', 'postgres', 'driver', 'other'].map((k) => [k, round1((cpu[k] * 10) / (r.ok / r.seconds))])) : null,
    pages: Object.entries(samples.reduce((m, x) => ({ ...m, [x.pages]: (m[x.pages] ?? 0) + 1 }), {})).map(([k, n]) => `${n} × ${k}`).join('; '),
  };
  recordSignin(o, r, cpu, signin, await stats.read(r.requests));
}

const round1 = (x) => Number((Number.isFinite(x) ? x : NaN).toFixed(1));

function recordSignin(o, r, cpu, signin, sql) {
  const row = {
    op: 'federated_sign_in', impl: o.impl, label: o.label, concurrency: Number(o.concurrency), requests: r.requests, ok: r.ok, errors: r.errors,
    seconds: Number(r.seconds.toFixed(2)), rps: Number((r.ok / r.seconds).toFixed(1)),
    p50: round1(percentile(r.latencies, 50)), p90: round1(percentile(r.latencies, 90)), p99: round1(percentile(r.latencies, 99)),
    max: round1(r.latencies.at(-1) ?? NaN), cpu, signin, sql, sampleErrors: r.sampleErrors, at: new Date().toISOString(),
    loadavg: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
  };
  fs.appendFileSync(o.results, `${JSON.stringify(row)}\n`);
  if (o.strict === '1' && (row.errors > 0 || row.ok === 0)) {
    throw new Error(`federated sign-in: ${row.ok} ok, ${row.errors} errors (strict)${r.sampleErrors.length ? `: ${r.sampleErrors.join(' | ')}` : ''}`);
  }
  log(`federated_sign_in: ${row.ok} ok, ${row.errors} errors in ${row.seconds} s = ${row.rps}/s, p50 ${row.p50} ms, p99 ${row.p99} ms; `
    + `broker-added p50 ${signin.brokerAdded.p50} / p99 ${signin.brokerAdded.p99} ms, emulator p50 ${signin.emulator.p50} ms; `
    + `CPU % of a core: broker ${cpu.server}, emulator ${cpu.emulator}, postgres ${cpu.postgres}, driver ${cpu.driver}, other ${cpu.other}`
    + (r.sampleErrors.length ? `; errors e.g. ${r.sampleErrors.join(' | ')}` : ''));
}

function signinSummary(o) {
  const rows = fs.readFileSync(o.results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .filter((x) => x.op === 'federated_sign_in');
  for (const r of rows) {
    const s = r.signin;
    console.log(`signin: ${r.rps.toFixed(0)}/s (target ≥ 300), broker-added p99 ${s.brokerAdded.p99} ms (target < 30); ${r.ok} sign-ins, ${r.errors} errors, ${r.concurrency} concurrent, load average ${r.loadavg.split(' ').slice(0, 3).join(' ')}`);
    console.log(`  per sign-in (ms)   p50 / p99 / mean: total ${s.total.p50} / ${s.total.p99} / ${s.total.mean}; emulator pages ${s.emulator.p50} / ${s.emulator.p99} / ${s.emulator.mean}; `
      + `broker-added ${s.brokerAdded.p50} / ${s.brokerAdded.p99} / ${s.brokerAdded.mean}; driver think ${s.think.p50} / ${s.think.p99} / ${s.think.mean}`);
    if (s.backChannel) {
      const ops = Object.entries(s.backChannel.byOperation).map(([op, v]) => `${op} ${v.meanMs} ms × ${v.callsPerSignIn}`).join(', ');
      console.log(`  of broker-added: ESIA back-channel (the broker's calls to the emulator) mean ${s.backChannel.meanMs} ms per sign-in (${ops}); `
        + `broker-added without it, mean ${round1(s.brokerAdded.mean - s.backChannel.meanMs)} ms`);
    }
    if (s.cpuMsPerSignIn) {
      const m = s.cpuMsPerSignIn;
      console.log(`  CPU per sign-in (ms): broker ${m.server}, emulator ${m.emulator}, PostgreSQL ${m.postgres}, driver ${m.driver}; other processes ${m.other} `
        + `(CPU% broker/emulator/pg/driver/other ${r.cpu.server}/${r.cpu.emulator}/${r.cpu.postgres}/${r.cpu.driver}/${r.cpu.other})`);
    }
    if (s.requestsPerSignIn) console.log(`  requests per sign-in: ${s.requestsPerSignIn.emulator} to the emulator pages, ${s.requestsPerSignIn.broker} to the broker; pages walked: ${s.pages}`);
  }
}

try {
  if (command === 'sql') sqlReport(args);
  else if (command === 'code') await codeBenchmark(args);
  else if (command === 'refresh') await refreshBenchmark(args);
  else if (command === 'table') table(args);
  else if (command === 'signin') await signinBenchmark(args);
  else if (command === 'signin-summary') signinSummary(args);
  else throw new Error('usage: driver.mjs code|refresh|signin|table|signin-summary --option value ...');
  agent.destroy();
} catch (e) {
  process.stderr.write(`driver: ${e.stack ?? e}\n`);
  process.exit(1);
}
