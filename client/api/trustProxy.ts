/**
 * Which reverse proxy's X-Forwarded-For the API believes. `true` (believe any) is
 * refused: then every client could name its own address in the header and step around
 * the login limits with a new one each time. A proxy is named by its address(es) or
 * CIDR range(s) (`127.0.0.1`, `10.0.0.0/8,::1`) or by the number of proxies in front
 * of the API (`1`): the client is then the address that many hops back. A hop count
 * trusts whoever connects, so it is only safe when nothing but the proxy can reach the
 * API's port; an address is the safer choice.
 */
import { isIP } from 'node:net';
import { UserError } from '../cases';

export type TrustProxy = boolean | number | string | readonly string[];

/** proxy-addr's names for ranges, accepted as Fastify accepts them. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(s: string): boolean {
  if (RANGE_NAMES.has(s)) return true;
  const [address, bits, ...rest] = s.split('/');
  if (rest.length > 0 || !address) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}

/** Fastify's own option: a hop count becomes the function proxy-addr calls per hop (Fastify 5 ignores a bare number). */
export function fastifyTrustProxy(checked: false | number | string[]): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof checked !== 'number') return checked;
  return (_address, hop) => hop < checked;
}

/** The checked setting, or a UserError saying what is wrong and what to write instead. */
export function checkTrustProxy(value: TrustProxy, name = 'CADREFLOW_TRUST_PROXY'): false | number | string[] {
  if (value === false) return false;
  if (value === true) {
    throw new UserError(
      `${name}=true would believe any client's X-Forwarded-For, which defeats the login limits: name the proxy by its address or CIDR ` +
        `(e.g. ${name}=127.0.0.1 or 10.0.0.0/8), or by how many proxies stand in front of the API (e.g. ${name}=1)`,
    );
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 10)
      throw new UserError(`${name} as a hop count must be an integer from 1 to 10, got ${value}`);
    return value;
  }
  const parts = (typeof value === 'string' ? value.split(',') : [...value]).map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw new UserError(`${name} names no proxy: give an address, a CIDR range or a hop count`);
  const bad = parts.filter((p) => !isAddressOrRange(p));
  if (bad.length > 0) throw new UserError(`${name}: "${bad[0]}" is not an IP address or CIDR range (e.g. 127.0.0.1, 10.0.0.0/8, ::1)`);
  return parts;
}

/** The environment's text: unset/`false`/`0` → no proxy, a number → hop count, `true` → refused, else addresses. */
export function trustProxyFromEnv(text: string | undefined, name = 'CADREFLOW_TRUST_PROXY'): false | number | string[] {
  if (text === undefined || text === '' || text === 'false' || text === '0') return false;
  if (text === 'true') return checkTrustProxy(true, name);
  if (/^\d+$/.test(text)) return checkTrustProxy(Number(text), name);
  return checkTrustProxy(text, name);
}
