// Renders an example values file the way RenderedChartBootsBrokerTests needs it: the example's values with ONLY the
// endpoints moved to loopback (the broker's issuer, the region's ESIA base URL/issuer/redirect URI -> the emulator, the
// webhook receiver) and the first client's secret hash replaced by the test's; then `helm template` and the objects as
// JSON. staging.enabled is set only because the loopback issuer is http (the chart refuses http otherwise); with
// secrets.existingSecret set it creates no Secret. Everything else — env, mounts, ConfigMaps, probes — is the chart's.
// Usage: node render-for-boot.mjs --values FILE --broker-url URL --emulator-url URL --client-secret-sha256 B64
//        [--webhook-url URL] --out rendered.json
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments, stringify } from 'yaml';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
for (const required of ['values', 'broker-url', 'emulator-url', 'client-secret-sha256', 'out']) {
  if (!args[required]) { console.error(`--${required} is required`); process.exit(2); }
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const values = parse(readFileSync(args.values, 'utf8'));
values.issuer = args['broker-url'];
values.staging = { ...(values.staging ?? {}), enabled: true };
const region = values.regions[0];
region.esia.baseUrl = args['emulator-url'];
region.esia.issuer = `${args['emulator-url']}/`;
region.esia.redirectUri = `${args['broker-url']}/signin-esia`;
region.clients[0].secretSha256 = [args['client-secret-sha256']];
if (region.notifications && args['webhook-url']) region.notifications.webhookUrl = args['webhook-url'];

const work = mkdtempSync(join(tmpdir(), 'ib-chart-boot-'));
const valuesFile = join(work, 'values.yaml');
writeFileSync(valuesFile, stringify(values));
const helm = execFileSync(join(root, 'tests/chart/install-tools.sh'), { encoding: 'utf8' }).trim();
const env = { ...process.env, HELM_CACHE_HOME: join(root, '.helm/cache'), HELM_CONFIG_HOME: join(root, '.helm/config'), HELM_DATA_HOME: join(root, '.helm/data') };
const rendered = execFileSync(helm, ['template', `id-${region.code}`, join(root, 'helm/identity-broker'), '-f', valuesFile], { encoding: 'utf8', env });
const objects = parseAllDocuments(rendered).map((d) => d.toJS()).filter((o) => o && o.kind);
writeFileSync(args.out, JSON.stringify(objects, null, 2));
console.log(`rendered ${objects.length} objects to ${args.out}`);
