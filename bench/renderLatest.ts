/**
 * Rewrites bench/results/latest.md from a run's JSON (e.g. after the table's layout
 * changed): node --import tsx bench/renderLatest.ts bench/results/<timestamp>.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown, resultsDir, type RunRecord } from './lib/results';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: renderLatest.ts <run.json>\n');
  process.exit(2);
}
const run = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
writeFileSync(join(resultsDir(), 'latest.md'), renderMarkdown(run));
