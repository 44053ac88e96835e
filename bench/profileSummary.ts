/**
 * Summarises V8 CPU profiles (from --profile, BENCH_WORKER_CPU_PROF or node --cpu-prof):
 *   node --import tsx bench/profileSummary.ts <file.cpuprofile>…
 */
import { readFileSync } from 'node:fs';
import { summarizeByArea, summarizeProfile } from './lib/profile';

for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Parameters<typeof summarizeProfile>[0] };
  const { samples, top } = summarizeProfile(profile.nodes, 15);
  console.log(`${file}: ${samples} samples`);
  console.log('  by area:');
  for (const a of summarizeByArea(profile.nodes)) console.log(`    ${String(a.selfPercent).padStart(5)}%  ${a.area}`);
  console.log('  by function (self):');
  for (const t of top) console.log(`    ${String(t.selfPercent).padStart(5)}%  ${t.fn}`);
}
