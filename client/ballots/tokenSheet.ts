/**
 * The chair's sheet of ballot tokens (`cadreflow ballot open --sheet out.html`): a
 * self-contained A4 page, one card per token to cut apart and hand out from a shuffled
 * pile, each with the question, the token written in groups of four and the voting
 * page's address. Spares are marked 备用 so the chair knows which to void if a card is
 * spoiled. The page is the only copy of the tokens: the system keeps their hashes.
 */
import type { OpenedSession } from './service';

const escape = (v: unknown): string =>
  String(v ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** 26 characters read more easily, and copy by hand with fewer slips, in groups. */
export const spacedToken = (token: string): string => token.match(/.{1,4}/g)!.join(' ');

/** Where a token leads: the web UI's voting page, the token in the fragment (never sent to a server). */
export const voteUrl = (base: string, token: string): string => `${base.replace(/\/+$/, '')}/#/vote/${token}`;

export function renderTokenSheet(opened: OpenedSession, baseUrl: string, generatedAt: string): string {
  const d = opened.definition;
  const groupLabel = (key: string) => d.groups.find((g) => g.key === key)?.label ?? '';
  const closing =
    d.closing.kind === 'deadline'
      ? `截止 (closes) ${d.closing.at.replace('T', ' ').slice(0, 16)} UTC`
      : '主持人宣布结束 (closed by the chair)';
  const card = (t: { group: string; token: string }, spare: boolean) => `
    <div class="card${spare ? ' spare' : ''}">
      <div class="q">${escape(d.question)}</div>
      ${t.group ? `<div class="g">${escape(groupLabel(t.group))}</div>` : ''}
      <div class="t">${escape(spacedToken(t.token))}</div>
      <div class="u">${escape(voteUrl(baseUrl, t.token))}</div>
      <div class="m">${spare ? '备用票 (spare)' : '投票码 (ballot token)'} · 每张票只能投一次 (votes once)</div>
    </div>`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escape(`投票码 (Ballot tokens) ${opened.sessionId}`)}</title>
<style>
  @page { size: A4; margin: 10mm; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 11px; color: #111; margin: 0; }
  header { margin-bottom: 6mm; }
  h1 { font-size: 15px; margin: 0 0 2mm; }
  .cards { display: grid; grid-template-columns: 1fr 1fr; gap: 0; }
  .card { border: 1px dashed #666; padding: 4mm; height: 44mm; box-sizing: border-box; break-inside: avoid; page-break-inside: avoid; }
  .card.spare { background: #f4f4f4; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .q { font-weight: bold; margin-bottom: 2mm; }
  .g { color: #333; margin-bottom: 1mm; }
  .t { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 17px; letter-spacing: 1px; margin: 2mm 0; }
  .u { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 9px; word-break: break-all; }
  .m { color: #555; font-size: 9px; margin-top: 2mm; }
</style>
</head>
<body>
  <header>
    <h1>${escape(d.question)}</h1>
    <div>案件 (Case) ${escape(d.caseId)} · 步骤 (Step) ${escape(d.step)} · 投票 (Session) ${escape(opened.sessionId)}</div>
    <div>应到 (Due) ${escape(d.due)} · 投票码 (Tokens) ${escape(opened.tokens.length)} · 备用 (Spares) ${escape(opened.spares.length)} · ${escape(closing)}</div>
    <div>打印后裁开，洗匀后发放，不记录谁拿到哪一张 (cut apart, shuffle, hand out; record nobody's card) · 生成 (made) ${escape(generatedAt)}</div>
  </header>
  <div class="cards">${opened.tokens.map((t) => card(t, false)).join('')}${opened.spares.map((t) => card(t, true)).join('')}
  </div>
</body>
</html>
`;
}
