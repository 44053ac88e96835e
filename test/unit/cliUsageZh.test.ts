/** The Chinese line under a usage error commander words in English (client/cliUsageZh.ts). */
import { describe, expect, it } from 'vitest';
import { usageErrorZh } from '../../client/cliUsageZh';

describe('usageErrorZh', () => {
  it("given an option's invalid value, when said in Chinese, then the option is named as typed", () => {
    expect(usageErrorZh("error: option '--limit <n>' argument 'x' is invalid. must be a number")).toBe('错误：选项 --limit <n> 的取值无效');
  });

  it('given two options that exclude each other, when said in Chinese, then it says so', () => {
    expect(usageErrorZh("error: option '--all' cannot be used with option '--case <id>'")).toBe('错误：这两个选项不能同时使用');
  });

  it('given a wording it does not know, when said in Chinese, then a general line still says the command line is wrong', () => {
    expect(usageErrorZh('error: something commander may say one day')).toBe('错误：命令行有误');
  });
});
