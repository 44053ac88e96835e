/**
 * The project's own references stay true as the code moves: every file, function,
 * policy field and test title that docs/domain.md and docs/decisions.md cite exists,
 * every policy field has its rule in docs/domain.md, and every "docs/domain.md §N" or
 * "docs/decisions.md §N" the code and docs cite names a section that exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy';

const ROOT = join(__dirname, '..', '..');
const REFERENCE_DOCS = ['docs/domain.md', 'docs/decisions.md', 'docs/probation.md'];
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** A path in backquotes, under one of the project's folders (not a case id like `probation/<p>/<a>`). */
const PATH = /`((?:activities|client|demo|domain|workflows|worker|schema|test|web|scripts|bench|docs)\/[\w./-]*)`/g;
/** `file.ts` `name`: a function, constant or class the file declares. */
const SYMBOL = /`([\w./-]+\.tsx?)` `(\w+)`/g;
const POLICY_FIELD = /`DEFAULT_POLICY\.([\w.]+)`/g;
const TEST_FILE = /`(test\/[\w./-]+\.test\.ts)`/g;
/** A test title, quoted “…”. */
const TITLE = /“([^”]+)”/g;

function declares(source: string, name: string): boolean {
  const decl = new RegExp(
    `(?:\\b(?:function|const|let|class|interface|type)\\s+${name}\\b)|(?:\\b(?:private|public|protected)\\s+(?:async\\s+)?${name}\\s*\\()`,
  );
  return decl.test(source);
}

function hasTitle(source: string, title: string): boolean {
  return source.includes(title) || source.includes(title.replaceAll("'", "\\'"));
}

/** Blocks: paragraphs and list items, where a title belongs to the test file cited beside it. */
function blocks(text: string): string[] {
  return text.split(/\n(?=\s*\n|\s*- |#)/);
}

interface TitleCitation {
  doc: string;
  file: string | undefined;
  title: string;
}

function titleCitations(doc: string): TitleCitation[] {
  const out: TitleCitation[] = [];
  for (const block of blocks(read(doc))) {
    const files = [...block.matchAll(TEST_FILE)].map((m) => ({ file: m[1]!, at: m.index }));
    for (const m of block.matchAll(TITLE)) {
      // The test file cited last before the title, else the first after it ("“…” in `file`").
      const before = files.filter((f) => f.at < m.index).at(-1);
      const after = files.find((f) => f.at > m.index);
      out.push({ doc, file: (before ?? after)?.file, title: m[1]! });
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const skip = new Set(['node_modules', '.tools', '.git', 'data', 'test-results', 'dist', 'fixtures']);
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    if (skip.has(name)) return [];
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|md|mjs)$/.test(name) ? [path] : [];
  });
}

function headings(doc: string): Set<string> {
  return new Set([...read(doc).matchAll(/^#{2,3} §(\d+(?:\.\d+)?) /gm)].map((m) => m[1]!));
}

describe('docs/domain.md and docs/decisions.md', () => {
  it('cite only files that exist', () => {
    const cited = REFERENCE_DOCS.flatMap((doc) => [...read(doc).matchAll(PATH)].map((m) => ({ doc, path: m[1]! })));
    expect(cited.length).toBeGreaterThan(100);
    expect(cited.filter(({ path }) => !existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('cite only functions and constants their files declare', () => {
    const cited = REFERENCE_DOCS.flatMap((doc) => [...read(doc).matchAll(SYMBOL)].map((m) => ({ doc, file: m[1]!, name: m[2]! })));
    expect(cited.length).toBeGreaterThan(100);
    const missing = cited.filter(({ file, name }) => !existsSync(join(ROOT, file)) || !declares(read(file), name));
    expect(missing).toEqual([]);
  });

  it('cite only policy fields DEFAULT_POLICY holds', () => {
    const cited = [...read('docs/domain.md').matchAll(POLICY_FIELD)].map((m) => m[1]!);
    expect(cited.length).toBeGreaterThan(50);
    const missing = cited.filter((path) => {
      let v: unknown = DEFAULT_POLICY;
      for (const key of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
      return v === undefined;
    });
    expect(missing).toEqual([]);
  });

  it('cite only rules something calls, or say that nothing calls them yet', () => {
    const callers = ['workflows', 'domain', 'activities', 'client'].flatMap(sourceFiles).filter((f) => /\.tsx?$/.test(f));
    const calledOutside = (file: string, name: string): boolean =>
      callers.some((f) => f !== file && new RegExp(`\\b${name}\\b`).test(read(f)));
    const uncalled = blocks(read('docs/domain.md')).flatMap((block) =>
      block.includes('nothing calls')
        ? []
        : [...block.matchAll(SYMBOL)]
            .map((m) => ({ file: m[1]!, name: m[2]! }))
            // A rule its own file applies (a helper of the function the workflow calls) counts as called.
            .filter(
              ({ file, name }) => !calledOutside(file, name) && (read(file).match(new RegExp(`\\b${name}\\b`, 'g')) ?? []).length < 2,
            ),
    );
    expect(uncalled).toEqual([]);
  });

  it('cite every field of DEFAULT_POLICY with the rule it holds', () => {
    const doc = read('docs/domain.md');
    const fields = Object.entries(DEFAULT_POLICY).flatMap(([section, value]) =>
      value !== null && typeof value === 'object' ? Object.keys(value).map((field) => `DEFAULT_POLICY.${section}.${field}`) : [],
    );
    expect(fields.length).toBeGreaterThan(50);
    expect(fields.filter((f) => !doc.includes(`\`${f}\``))).toEqual([]);
  });

  it('cite only test titles found in the test file named beside them', () => {
    const cited = REFERENCE_DOCS.flatMap(titleCitations);
    expect(cited.length).toBeGreaterThan(80);
    const missing = cited.filter(({ file, title }) => file === undefined || !existsSync(join(ROOT, file)) || !hasTitle(read(file), title));
    expect(missing).toEqual([]);
  });

  it('never point outside the repository for their rules', () => {
    for (const doc of REFERENCE_DOCS) expect(read(doc)).not.toMatch(/\.\.\/shared|\/work\//);
  });
});

describe('citations of docs/domain.md and docs/decisions.md', () => {
  const sections = { domain: headings('docs/domain.md'), decisions: headings('docs/decisions.md') };
  const files = sourceFiles('.').filter((f) => !f.startsWith('node_modules'));

  it('name sections that exist, in code as docs/… and in docs/ relative to it', () => {
    const found: { file: string; doc: 'domain' | 'decisions'; section: string }[] = [];
    const bad: string[] = [];
    for (const file of files) {
      const text = read(file);
      const inDocs = relative('docs', file).startsWith('..') === false;
      for (const m of text.matchAll(/(?<![\w/])((?:docs\/)?)(domain|decisions)\.md §(\d+(?:\.\d+)?)/g)) {
        if (m[1] === '' && !inDocs) bad.push(`${file}: "${m[0]}" should say docs/${m[2]}.md`);
        found.push({ file, doc: m[2] as 'domain' | 'decisions', section: m[3]! });
      }
      for (const m of text.matchAll(/design\sdecision \d+/g)) bad.push(`${file}: "${m[0]}" should cite docs/decisions.md`);
    }
    expect(found.length).toBeGreaterThan(20);
    const unknown = found.filter(({ doc, section }) => !sections[doc].has(section)).map((f) => `${f.file}: ${f.doc}.md §${f.section}`);
    expect([...bad, ...unknown]).toEqual([]);
  });
});
