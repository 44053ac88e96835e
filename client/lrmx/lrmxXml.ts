/**
 * LRMX files (domain/lrmx/form.ts) read and written. Reading is for files from anywhere,
 * so it is careful: a size limit first; a document type declaration (`<!DOCTYPE`,
 * `<!ENTITY`) is refused outright, so no entity is ever expanded and nothing outside the
 * file is fetched; the XML is validated before it is parsed, and a malformed file is
 * told with its line in Chinese and English. fast-xml-parser is pure JavaScript and
 * resolves no external entities. The text is UTF-8 unless the declaration or a byte-order
 * mark says GB18030/GBK/GB2312 or UTF-16, as older editor versions wrote.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  FAMILY_AFTER,
  LRMX_FAMILY_ELEMENTS,
  LRMX_LIMITS,
  LRMX_TEXT_ELEMENTS,
  LrmxError,
  type LrmxFamilyElement,
  type LrmxFamilyMember,
  type LrmxForm,
  type LrmxTextElement,
} from '../../domain/lrmx/form';

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const TEXT_SET: ReadonlySet<string> = new Set(LRMX_TEXT_ELEMENTS);
const FAMILY_SET: ReadonlySet<string> = new Set(LRMX_FAMILY_ELEMENTS);

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /encoding\s*=\s*["']([A-Za-z0-9_-]+)["']/.exec(head)?.[1]?.toLowerCase();
  const encoding = declared && /^(gb2312|gbk|gb18030|cp936)$/.test(declared) ? 'gb18030' : 'utf-8';
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new LrmxError(`文件不是有效的 ${encoding.toUpperCase()} 文本`, `the file is not valid ${encoding.toUpperCase()} text`);
  }
}

const nameOf = (n: Node): string => Object.keys(n).find((k) => k !== ':@')!;

/** An element's text: its text children joined (an element with child elements is not text). */
function textOf(n: Node, name: string): string | null {
  const children = n[name] as Node[];
  let text = '';
  for (const c of children) {
    if ('#text' in c) text += String(c['#text']);
    else return null;
  }
  return text;
}

const builder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });
const asXml = (n: Node): string => builder.build([n]) as string;

function tooLong(element: string, limit: number): LrmxError {
  return new LrmxError(`${element} 超过 ${limit} 个字符`, `${element} is longer than ${limit} characters`);
}

/** A form from an LRMX file's bytes; LrmxError (zh/en) when it is not one. */
export function parseLrmx(bytes: Uint8Array): LrmxForm {
  if (bytes.length > LRMX_LIMITS.maxFileBytes) {
    throw new LrmxError(
      `文件大于 ${LRMX_LIMITS.maxFileBytes / 1024 / 1024} MB，不是一份任免审批表`,
      `the file is larger than ${LRMX_LIMITS.maxFileBytes / 1024 / 1024} MB: not one appointment form`,
    );
  }
  const xml = decode(bytes);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new LrmxError(
      '文件含有文档类型声明（DOCTYPE/ENTITY），出于安全不予读取',
      'the file has a document type declaration (DOCTYPE/ENTITY), which is refused for safety',
    );
  }
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new LrmxError(
      `不是格式正确的 XML（第 ${valid.err.line} 行第 ${valid.err.col} 列：${valid.err.msg}）`,
      `not well-formed XML (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg})`,
    );
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    // Numeric character references (&#20013;) are XML; the named HTML ones come along with them.
    htmlEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    commentPropName: false,
  });
  let parsed: Node[];
  try {
    parsed = parser.parse(xml) as Node[];
  } catch (err) {
    // The validator lets some markup through that the parser then refuses (e.g. `<!D` inside an element).
    const why = err instanceof Error ? err.message : String(err);
    throw new LrmxError(`不是格式正确的 XML（${why}）`, `not well-formed XML (${why})`);
  }
  const top = parsed.filter((n) => !('#text' in n && String(n['#text']).trim() === ''));
  const root = top.length === 1 ? top[0]! : undefined;
  if (!root || nameOf(root) !== 'Person') {
    throw new LrmxError('根元素不是 <Person>，不是 LRMX 任免审批表', 'the root element is not <Person>: not an LRMX appointment form');
  }
  const form: LrmxForm = { fields: {}, family: [], extra: [] };
  let extraChars = 0;
  const keepExtra = (into: string[], n: Node): void => {
    const x = asXml(n);
    extraChars += x.length;
    if (into.length + form.extra.length >= LRMX_LIMITS.maxExtraElements || extraChars > LRMX_LIMITS.maxExtraChars) {
      throw new LrmxError('未知元素过多或过大', 'too many or too large unknown elements');
    }
    into.push(x);
  };
  for (const n of root['Person'] as Node[]) {
    if ('#text' in n) {
      if (String(n['#text']).trim() !== '') throw new LrmxError('<Person> 下有散落的文字', '<Person> holds loose text');
      continue;
    }
    const name = nameOf(n);
    if (name === 'JiaTingChengYuan') {
      for (const item of n[name] as Node[]) {
        if ('#text' in item) continue;
        if (nameOf(item) !== 'Item') {
          keepExtra(form.extra, { JiaTingChengYuan: [item] } as Node);
          continue;
        }
        if (form.family.length >= LRMX_LIMITS.maxFamilyMembers) {
          throw new LrmxError(
            `家庭成员超过 ${LRMX_LIMITS.maxFamilyMembers} 人`,
            `more than ${LRMX_LIMITS.maxFamilyMembers} family members`,
          );
        }
        const member: LrmxFamilyMember = { fields: {}, extra: [] };
        for (const f of item['Item'] as Node[]) {
          if ('#text' in f) continue;
          const fname = nameOf(f);
          const text = FAMILY_SET.has(fname) ? textOf(f, fname) : null;
          if (text === null) keepExtra(member.extra, f);
          else if (text.length > LRMX_LIMITS.maxTextChars) throw tooLong(fname, LRMX_LIMITS.maxTextChars);
          else if (text !== '') member.fields[fname as LrmxFamilyElement] = text;
        }
        // The editor writes empty rows to fill its table; they say nothing.
        if (Object.keys(member.fields).length > 0 || member.extra.length > 0) form.family.push(member);
      }
      continue;
    }
    const text = TEXT_SET.has(name) && form.fields[name as LrmxTextElement] === undefined ? textOf(n, name) : null;
    if (text === null) {
      keepExtra(form.extra, n);
      continue;
    }
    const limit = name === 'ZhaoPian' ? LRMX_LIMITS.maxPhotoChars : LRMX_LIMITS.maxTextChars;
    if (text.length > limit) throw tooLong(name, limit);
    if (name === 'ZhaoPian' && !/^[A-Za-z0-9+/=\s]*$/.test(text)) {
      throw new LrmxError('照片（ZhaoPian）不是 base64 文本', 'ZhaoPian (the photo) is not base64 text');
    }
    if (text !== '') form.fields[name as LrmxTextElement] = text;
  }
  return form;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const escape = (s: string): string => s.replace(/[&<>]/g, (c) => ESCAPES[c]!);
// Control characters XML 1.0 cannot carry are dropped rather than writing a file no reader accepts.
const xmlText = (s: string): string => escape(s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));

/** The form as an LRMX file (UTF-8): every known element, empty ones too, as the editor writes them. */
export function writeLrmx(form: LrmxForm): Buffer {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<Person>'];
  for (const element of LRMX_TEXT_ELEMENTS) {
    lines.push(`  <${element}>${xmlText(form.fields[element] ?? '')}</${element}>`);
    if (element === FAMILY_AFTER) {
      lines.push('  <JiaTingChengYuan>');
      for (const m of form.family) {
        lines.push('    <Item>');
        for (const f of LRMX_FAMILY_ELEMENTS) lines.push(`      <${f}>${xmlText(m.fields[f] ?? '')}</${f}>`);
        for (const x of m.extra) lines.push(`      ${x}`);
        lines.push('    </Item>');
      }
      lines.push('  </JiaTingChengYuan>');
    }
  }
  for (const x of form.extra) lines.push(`  ${x}`);
  lines.push('</Person>', '');
  return Buffer.from(lines.join('\n'), 'utf8');
}
