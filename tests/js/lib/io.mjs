// Shared plumbing of the interop scripts: configuration from environment variables, one JSON document in on stdin,
// one JSON document out on stdout, and a loud failure (exit code 1, the error as JSON on stderr) on anything else.
// The C# side is tests/IdentityBroker.IntegrationTests/Interop/NodeScript.cs.

/** A required environment variable; a missing one is a harness bug and fails the script. */
export function env(name) {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`environment variable ${name} is required`);
  }
  return value;
}

export function optionalEnv(name) {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Reads stdin to the end and parses it as JSON ({} when empty). */
export async function readInput() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return text === '' ? {} : JSON.parse(text);
}

/** Everything worth knowing about a library error: its class, code, message, the OAuth error and the HTTP status. */
export function describeError(err) {
  if (!(err instanceof Error)) {
    return { name: typeof err, message: String(err) };
  }
  const out = { name: err.name, message: err.message };
  for (const key of ['code', 'error', 'error_description', 'status']) {
    if (err[key] !== undefined) out[key] = err[key];
  }
  if (err.cause !== undefined) {
    out.cause = err.cause instanceof Error ? describeError(err.cause) : safe(err.cause);
  }
  return out;
}

function safe(value) {
  if (value instanceof Response) {
    return { status: value.status, headers: Object.fromEntries(value.headers) };
  }
  try {
    return JSON.parse(JSON.stringify(value));
  } catch {
    return String(value);
  }
}

/**
 * Runs the command named by the first argument: `commands[name](input)` must return the JSON-serialisable result.
 * Any thrown error ends the process with exit code 1 and the error on stderr.
 */
export async function main(commands) {
  const name = process.argv[2];
  try {
    const command = commands[name];
    if (command === undefined) {
      throw new Error(`unknown command '${name}'; known: ${Object.keys(commands).join(', ')}`);
    }
    const result = await command(await readInput());
    process.stdout.write(JSON.stringify(result ?? {}) + '\n');
  } catch (err) {
    process.stderr.write(`${process.argv[1]} ${name} failed: ` + JSON.stringify(describeError(err)) + '\n');
    process.exitCode = 1;
  }
}
