/** The machine a run was measured on, recorded beside its numbers. */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, hostname } from 'node:os';
import postgres from 'postgres';
import { findTemporalCli } from '../../client/temporal/binaries';

export interface Machine {
  hostname: string;
  cpuModel: string;
  cores: number;
  ramGiB: number;
  node: string;
  postgres: string;
  temporal: string;
  temporalSdk: string;
  /** 1, 5 and 15-minute load averages: on a shared machine they say how much else ran. */
  loadAverageAtStart?: number[];
  loadAverageAtEnd?: number[];
}

export async function describeMachine(adminUrl: string): Promise<Machine> {
  let pg = 'unknown';
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<Array<{ v: string }>>`select version() as v`;
    pg = row?.v.split(' on ')[0] ?? pg;
  } catch (err) {
    pg = `unreachable (${(err as Error).message})`;
  } finally {
    await sql.end();
  }
  let temporal = 'unknown';
  try {
    const cli = findTemporalCli();
    if (cli)
      temporal = execFileSync(cli.path, ['--version'], { encoding: 'utf8' })
        .trim()
        .replace(/^temporal version /, 'CLI ');
  } catch {
    // Left unknown: the benchmarks that need the server will say why they failed.
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed version, read at run time
  const sdk = (require('@temporalio/worker/package.json') as { version: string }).version;
  return {
    hostname: hostname(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: pg,
    temporal,
    temporalSdk: sdk,
  };
}
