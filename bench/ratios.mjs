// Prints the ratio lines of issue #11 from one run's results.jsonl (bench/run.sh calls it after the table):
//   ratio <op>: broker ÷ oidc-provider+PostgreSQL = X.XX (target ≥ T) — met|MISSED
//   p99 <op> broker: N ms (target < 50 ms) — met|MISSED
// Only rows of the SAME run are compared (run.sh truncates results.jsonl at its start). Exit code is 0 either way: a
// benchmark reports, it does not fail on a missed target (the smoke's counts mean nothing).
// usage: node ratios.mjs --results FILE
import fs from 'node:fs';

const args = process.argv.slice(2);
const file = args[args.indexOf('--results') + 1];
const rows = fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((r) => !r.skipped);
const targets = [
  { op: 'refresh_token', ratio: 1.2, p99: 50 },
  { op: 'authorization_code', ratio: 1.0 },
];
const verdict = (ok) => (ok ? 'met' : 'MISSED');
for (const t of targets) {
  const broker = rows.find((r) => r.op === t.op && r.impl === 'broker');
  const peer = rows.find((r) => r.op === t.op && r.impl === 'oidc-provider' && /PostgreSQL/.test(r.label));
  if (!broker || !peer) {
    console.log(`ratio ${t.op}: broker ÷ oidc-provider+PostgreSQL = n/a (${broker ? '' : 'no broker row'}${!broker && !peer ? ', ' : ''}${peer ? '' : 'no oidc-provider+PostgreSQL row'} in this run)`);
  } else {
    const ratio = broker.rps / peer.rps;
    console.log(`ratio ${t.op}: broker ÷ oidc-provider+PostgreSQL = ${ratio.toFixed(2)} (${broker.rps.toFixed(0)}/s ÷ ${peer.rps.toFixed(0)}/s; target ≥ ${t.ratio.toFixed(1)}) — ${verdict(ratio >= t.ratio)}`);
    // CPU per request (server + its PostgreSQL backends) is less sensitive than req/s to how much of the machine others take
    const ms = (r) => (r.cpu && r.rps > 0 ? `${((r.cpu.server * 10) / r.rps).toFixed(2)} + ${((r.cpu.postgres * 10) / r.rps).toFixed(2)}` : 'n/a');
    console.log(`cpu-ms per ${t.op} (server + PostgreSQL): broker ${ms(broker)}, oidc-provider+PostgreSQL ${ms(peer)}; other load during the phases: ${broker.cpu?.other}% / ${peer.cpu?.other}% of a core`);
  }
  if (t.p99 && broker) {
    console.log(`p99 ${t.op} broker: ${broker.p99.toFixed(1)} ms at ${broker.concurrency} concurrent (target < ${t.p99} ms) — ${verdict(broker.p99 < t.p99)}`);
  }
}
