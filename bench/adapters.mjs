// Storage adapters for oidc-provider (https://github.com/panva/node-oidc-provider/blob/main/example/my_adapter.js).
//
// MemoryAdapter: a plain Map. oidc-provider's own in-memory adapter is an LRU capped at 1,000 entries, which evicts
// the benchmark's pre-generated codes (and the session) before they are redeemed; this one has no cap. Nothing is
// written anywhere: it is the upper bound for oidc-provider, not a like-for-like comparison with the broker.
//
// PostgresAdapter: one table, one row per model instance, payload as jsonb, the same round trips a production adapter
// makes (find, upsert, consume, destroy, revokeByGrantId). Connection pool of `max` connections (node-postgres).
import pg from 'pg';

const memory = new Map();

export class MemoryAdapter {
  constructor(name) { this.name = name; }
  key(id) { return `${this.name}:${id}`; }
  async upsert(id, payload, expiresIn) {
    memory.set(this.key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
    if (payload.grantId) {
      const g = `grant:${payload.grantId}`;
      if (!memory.has(g)) memory.set(g, new Set());
      memory.get(g).add(this.key(id));
    }
    if (payload.uid) memory.set(`uid:${payload.uid}`, id);
    if (payload.userCode) memory.set(`userCode:${payload.userCode}`, id);
  }
  async find(id) {
    const e = memory.get(this.key(id));
    if (!e || e.expiresAt < Date.now()) return undefined;
    return e.payload;
  }
  async findByUid(uid) { const id = memory.get(`uid:${uid}`); return id ? this.find(id) : undefined; }
  async findByUserCode(c) { const id = memory.get(`userCode:${c}`); return id ? this.find(id) : undefined; }
  async consume(id) { const e = memory.get(this.key(id)); if (e) e.payload.consumed = Math.floor(Date.now() / 1000); }
  async destroy(id) { memory.delete(this.key(id)); }
  async revokeByGrantId(grantId) {
    const g = `grant:${grantId}`;
    for (const k of memory.get(g) ?? []) memory.delete(k);
    memory.delete(g);
  }
}

let pool;

export async function initPostgres(connectionString, max) {
  pool = new pg.Pool({ connectionString, max });
  await pool.query(`
    CREATE TABLE IF NOT EXISTS oidc_models (
      id text NOT NULL, type text NOT NULL, payload jsonb NOT NULL,
      grant_id text, user_code text, uid text, expires_at timestamptz, consumed_at timestamptz,
      PRIMARY KEY (id, type));
    CREATE INDEX IF NOT EXISTS oidc_models_grant_id ON oidc_models (grant_id);
    CREATE INDEX IF NOT EXISTS oidc_models_uid ON oidc_models (uid);
    CREATE INDEX IF NOT EXISTS oidc_models_user_code ON oidc_models (user_code);`);
}

export class PostgresAdapter {
  constructor(name) { this.type = name; }
  async upsert(id, payload, expiresIn) {
    await pool.query({
      name: 'oidc_upsert',
      text: `INSERT INTO oidc_models (id, type, payload, grant_id, user_code, uid, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(secs => $7::int) END)
             ON CONFLICT (id, type) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
               user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
      values: [id, this.type, payload, payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expiresIn ?? null],
    });
  }
  async #findBy(column, value) {
    const { rows } = await pool.query({
      name: `oidc_find_${column}`,
      text: `SELECT payload, consumed_at FROM oidc_models WHERE ${column} = $1 AND type = $2 AND (expires_at IS NULL OR expires_at > now())`,
      values: [value, this.type],
    });
    if (!rows.length) return undefined;
    const { payload, consumed_at: consumed } = rows[0];
    return consumed ? { ...payload, consumed: Math.floor(consumed.getTime() / 1000) } : payload;
  }
  find(id) { return this.#findBy('id', id); }
  findByUid(uid) { return this.#findBy('uid', uid); }
  findByUserCode(c) { return this.#findBy('user_code', c); }
  async consume(id) {
    await pool.query({ name: 'oidc_consume', text: 'UPDATE oidc_models SET consumed_at = now() WHERE id = $1 AND type = $2', values: [id, this.type] });
  }
  async destroy(id) {
    await pool.query({ name: 'oidc_destroy', text: 'DELETE FROM oidc_models WHERE id = $1 AND type = $2', values: [id, this.type] });
  }
  async revokeByGrantId(grantId) {
    await pool.query({ name: 'oidc_revoke', text: 'DELETE FROM oidc_models WHERE grant_id = $1', values: [grantId] });
  }
}
