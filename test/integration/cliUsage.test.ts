/**
 * The real `cadreflow` command refusing a command line it cannot parse: commander's
 * English line, the same said in Chinese beneath it, the pointer to --help in both
 * languages, exit code 1. Nothing is reached (no database, no Temporal): none is given.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';

const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, CADREFLOW_USER: '' };

describe('cadreflow usage errors', () => {
  it.each([
    [['decide'], "error: missing required argument 'case'", '错误：缺少必需的参数 case'],
    [['frobnicate'], "error: unknown command 'frobnicate'", '错误：没有命令 frobnicate'],
    [['tasks', '--no-such-flag'], "error: unknown option '--no-such-flag'", '错误：没有选项 --no-such-flag'],
    [['probation', 'start'], "error: required option '--cadre <personId>' not specified", '错误：未给出必需的选项 --cadre <personId>'],
    [['case', 'show', 'a', 'b'], "error: too many arguments for 'show'. Expected 1 argument but got 2.", '错误：参数过多'],
  ])('%j: English, then Chinese, then where the usage is', async (args, english, chinese) => {
    const r = await runCli(args, env);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([english, chinese, '(run with --help for usage; 用 --help 查看用法)']);
  });
});
