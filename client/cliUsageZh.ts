/**
 * The command line's usage errors in Chinese. Commander words them in English; each is
 * matched here by its wording (commander/lib/command.js) and said again in Chinese, the
 * name it quotes kept as typed. A wording not listed gets a general line, so a person
 * reading Chinese is never left with English alone.
 */
const USAGE_ZH: ReadonlyArray<readonly [RegExp, (quoted: string) => string]> = [
  [/^error: missing required argument '([^']*)'/, (q) => `缺少必需的参数 ${q}`],
  [/^error: option '([^']*)' argument missing/, (q) => `选项 ${q} 缺少取值`],
  [/^error: required option '([^']*)' not specified/, (q) => `未给出必需的选项 ${q}`],
  [/^error: unknown option '([^']*)'/, (q) => `没有选项 ${q}`],
  [/^error: unknown command '([^']*)'/, (q) => `没有命令 ${q}`],
  [/^error: too many arguments/, () => '参数过多'],
  [/^error: option '([^']*)' (?:argument|value) .* is invalid/, (q) => `选项 ${q} 的取值无效`],
  [/^error: command-argument value .* is invalid for argument '([^']*)'/, (q) => `参数 ${q} 的取值无效`],
  [/^error: .* cannot be used with /, () => '这两个选项不能同时使用'],
];

/** The Chinese of a usage error commander printed (its first line decides). */
export function usageErrorZh(message: string): string {
  for (const [pattern, say] of USAGE_ZH) {
    const m = pattern.exec(message);
    if (m) return `错误：${say(m[1] ?? '')}`;
  }
  return '错误：命令行有误';
}
