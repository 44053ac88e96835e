/**
 * A CPU profile of one phase, taken in-process through the inspector (what
 * `node --cpu-prof` records, limited to the phase), summarised as the functions with
 * the most self time. Written out as .cpuprofile too, for a flame graph.
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface ProfileSummary {
  file: string;
  samples: number;
  top: Array<{ fn: string; selfPercent: number }>;
}

export async function profiled<T>(file: string, fn: () => Promise<T>): Promise<{ value: T; profile: ProfileSummary }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  let value: T;
  try {
    value = await fn();
  } catch (err) {
    session.disconnect();
    throw err;
  }
  const { profile } = (await post('Profiler.stop')) as { profile: { nodes: ProfileNode[] } };
  session.disconnect();
  writeFileSync(file, JSON.stringify(profile));
  return { value, profile: { file, ...summarizeProfile(profile.nodes) } };
}

/** Self time per function (name and file:line), the largest first. */
export function summarizeProfile(
  nodes: readonly ProfileNode[],
  limit = 12,
): { samples: number; top: Array<{ fn: string; selfPercent: number }> } {
  const self = new Map<string, number>();
  let total = 0;
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    total += hits;
    const where = n.callFrame.url ? `${n.callFrame.url.replace(/^.*\/(node_modules\/)?/, '')}:${n.callFrame.lineNumber + 1}` : '';
    const key = `${n.callFrame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + hits);
  }
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([fnName, hits]) => ({ fn: fnName, selfPercent: Math.round((hits / Math.max(total, 1)) * 1000) / 10 }));
  return { samples: total, top };
}

/**
 * Self time grouped by package or project folder, which says more than single
 * functions when the cost is spread (e.g. "@temporalio/worker" against "activities/").
 */
export function summarizeByArea(nodes: readonly ProfileNode[]): Array<{ area: string; selfPercent: number }> {
  const areas = new Map<string, number>();
  let total = 0;
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    total += hits;
    const url = n.callFrame.url;
    let area: string;
    if (!url) area = n.callFrame.functionName || '(native)';
    else if (url.includes('node_modules/')) {
      const rest = url.slice(url.lastIndexOf('node_modules/') + 'node_modules/'.length).split('/');
      area = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    } else if (url.startsWith('node:')) area = 'node internals';
    else {
      const m = /\/(activities|workflows|domain|client|schema|worker|bench)\//.exec(url);
      area = m ? `${m[1]}/` : url.includes('webpack') || url.includes('workflow-bundle') ? 'workflow bundle' : 'other';
    }
    areas.set(area, (areas.get(area) ?? 0) + hits);
  }
  return [...areas.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([area, hits]) => ({ area, selfPercent: Math.round((hits / Math.max(total, 1)) * 1000) / 10 }));
}
