/**
 * The canonical JSON the hash chain hashes (activities/hashChain.ts), also used wherever a
 * value must be compared or signed byte for byte (the access log, audit checkpoints, the
 * rebuild's comparison of read models, migration 0022's backfill). Pure, in domain/, so the
 * store, the migrations and the clients all read the one definition.
 */

/**
 * Deterministic JSON: object keys sorted (by UTF-16 code units) at every depth, no
 * whitespace, `undefined` members dropped as JSON.stringify does (jsonb never stores
 * them, so a value hashes the same before and after the database round trip). A bigint
 * is written as a bare integer. Non-finite numbers, functions and symbols throw: they
 * have no JSON form that would survive the round trip.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new TypeError('canonicalJson: undefined has no JSON form');
  return encode(value, []);
}

/**
 * `path` holds the keys down to `value`; it is read only when a value has no JSON form.
 * The verify of a long log spends most of its time here, so no path text is built on the
 * way down (a quarter of the time, measured) and members are joined by concatenation.
 */
function encode(value: unknown, path: Array<string | number>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${pathText(path)} is ${value}`);
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (i > 0) out += ',';
          if (v === undefined) {
            out += 'null';
            continue;
          }
          path.push(i);
          out += encode(v, path);
          path.pop();
        }
        return out + ']';
      }
      const withToJson = value as { toJSON?: () => unknown };
      if (typeof withToJson.toJSON === 'function') return encode(withToJson.toJSON(), path);
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const v = record[key];
        if (v === undefined) continue;
        path.push(key);
        out += `${first ? '' : ','}${JSON.stringify(key)}:${encode(v, path)}`;
        path.pop();
        first = false;
      }
      return out + '}';
    }
    default:
      throw new TypeError(`canonicalJson: ${pathText(path)} is a ${typeof value}`);
  }
}

function pathText(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((where, k) => (typeof k === 'number' ? `${where}[${k}]` : `${where}.${k}`), '$');
}
