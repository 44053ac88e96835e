/**
 * The access log for auditors and admins: who administered which account and who viewed
 * whose full personal data, newest first, with filters, and a check of its hash chain.
 */
import { useState } from 'react';
import { Alert, Button, Input, Select, Space, Tag, Typography } from 'antd';
import { PagedTable } from '../components/PagedTable';
import { api, type Page } from '../api';
import { Loadable, useLoad } from '../components/Loadable';
import { useLang } from '../i18n';
import { useTownshipName } from '../townships';
import { formatTime, roleLabel } from '../vocabulary';
import type { Role } from '../api';
import type { AccessChainReport, AccessEntry } from '../../../domain/wire/accessLog';

const PAGE = 20;

/** Each kind in both languages, in the order the API lists them. */
const KINDS: Record<string, [string, string]> = {
  'account.created': ['创建账户', 'account created'],
  'account.role-changed': ['变更角色', 'role changed'],
  'account.password-reset': ['重置密码', 'password reset'],
  'account.disabled': ['停用账户', 'account disabled'],
  'account.enabled': ['启用账户', 'account enabled'],
  'account.renamed': ['修改名称', 'account renamed'],
  'person.viewed': ['查看人员完整信息', 'person viewed'],
};

const CHANNELS: Record<string, [string, string]> = { api: ['接口', 'API'], cli: ['命令行', 'Command line'], system: ['系统', 'System'] };

/** A detail's keys by their labels (an unknown key is shown as it is). */
const DETAIL_KEYS: Record<string, [string, string]> = {
  role: ['角色', 'Role'],
  from: ['原角色', 'From'],
  to: ['新角色', 'To'],
  townshipId: ['乡镇', 'Township'],
  displayName: ['名称', 'Name'],
  login: ['账号', 'Login'],
};

const TEXT = {
  title: ['访问日志', 'Access log'],
  intro: [
    '账户管理和查看人员完整个人信息的记录：只增不改，哈希链相连，至少保存六个月。',
    'Account administration and views of a person’s full personal data: append-only, hash-chained, kept at least six months.',
  ],
  kind: ['类型', 'Kind'],
  anyKind: ['全部类型', 'Any kind'],
  actor: ['操作人', 'Actor'],
  subject: ['对象', 'Subject'],
  time: ['时间', 'Time'],
  channel: ['渠道', 'Channel'],
  detail: ['详情', 'Detail'],
  search: ['查询', 'Search'],
  verify: ['校验哈希链', 'Verify the hash chain'],
  chainOk: ['哈希链完整', 'The hash chain verifies'],
  chainBroken: ['哈希链断裂', 'The hash chain is broken'],
} as const;

export function AccessLogPage() {
  const { lang, t } = useLang();
  const townshipName = useTownshipName();
  const L = (key: keyof typeof TEXT) => TEXT[key][lang === 'zh' ? 0 : 1];
  const [offset, setOffset] = useState(0);
  const [kind, setKind] = useState<string>();
  const [actor, setActor] = useState('');
  const [subject, setSubject] = useState('');
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [chain, setChain] = useState<AccessChainReport | Error>();
  const entries = useLoad(() => {
    const qs = new URLSearchParams({ ...filters, limit: String(PAGE), offset: String(offset) }).toString();
    return api<Page<AccessEntry>>('GET', `/audit/access-log?${qs}`);
  }, [offset, filters]);

  const search = () => {
    setOffset(0);
    setFilters({
      ...(kind ? { kind } : {}),
      ...(actor.trim() ? { actor: actor.trim() } : {}),
      ...(subject.trim() ? { subject: subject.trim() } : {}),
    });
  };
  const verify = () => {
    setChain(undefined);
    api<AccessChainReport>('GET', '/audit/access-log/verification').then(setChain, (e: unknown) =>
      setChain(e instanceof Error ? e : new Error(String(e))),
    );
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="access-log-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {L('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{L('intro')}</Typography.Paragraph>
      <Space wrap>
        <Select
          allowClear
          style={{ minWidth: 200 }}
          placeholder={L('anyKind')}
          value={kind}
          onChange={setKind}
          options={Object.entries(KINDS).map(([value, words]) => ({ value, label: words[lang === 'zh' ? 0 : 1] }))}
          data-testid="access-kind"
        />
        <Input
          style={{ width: 180 }}
          placeholder={L('actor')}
          value={actor}
          onChange={(e) => setActor(e.target.value)}
          onPressEnter={search}
        />
        <Input
          style={{ width: 180 }}
          placeholder={L('subject')}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          onPressEnter={search}
        />
        <Button type="primary" onClick={search} data-testid="access-search">
          {L('search')}
        </Button>
        <Button onClick={verify} data-testid="access-verify">
          {L('verify')}
        </Button>
      </Space>
      {chain instanceof Error && <Alert type="error" showIcon title={chain.message} />}
      {chain && !(chain instanceof Error) && (
        <Alert
          data-testid="access-chain"
          type={chain.ok ? 'success' : 'error'}
          showIcon
          title={chain.ok ? L('chainOk') : L('chainBroken')}
          description={
            chain.ok
              ? `${chain.checked} · ${lang === 'zh' ? '链头' : 'head'} #${chain.head?.position ?? 0}`
              : `#${chain.firstBadPosition}: ${chain.reason}`
          }
        />
      )}
      <Loadable state={entries}>
        {(page) => (
          <PagedTable<AccessEntry>
            page={page}
            offset={offset}
            pageSize={PAGE}
            onOffset={setOffset}
            rowKey="position"
            data-testid="access-table"
            columns={[
              { title: '#', dataIndex: 'position' },
              { title: L('time'), dataIndex: 'recordedAt', render: (v: string) => formatTime(v, lang) },
              { title: L('actor'), dataIndex: 'actorId' },
              { title: L('channel'), dataIndex: 'channel', render: (v: string) => <Tag>{CHANNELS[v]?.[lang === 'zh' ? 0 : 1] ?? v}</Tag> },
              { title: L('kind'), dataIndex: 'kind', render: (v: string) => KINDS[v]?.[lang === 'zh' ? 0 : 1] ?? v },
              { title: L('subject'), dataIndex: 'subject' },
              {
                title: L('detail'),
                dataIndex: 'detail',
                // The record's detail as labelled facts: roles by name, townships by name.
                render: (v: Record<string, unknown>) => (
                  <Space wrap size={4}>
                    {Object.entries(v)
                      .filter(([, x]) => x !== null && x !== undefined && x !== '')
                      .map(([k, x]) => {
                        const text = typeof x === 'string' ? x : JSON.stringify(x);
                        const shown =
                          k === 'townshipId'
                            ? townshipName(text)
                            : k === 'role' || k === 'from' || k === 'to'
                              ? roleLabel(t, text as Role)
                              : text;
                        return (
                          <Tag key={k}>
                            {DETAIL_KEYS[k]?.[lang === 'zh' ? 0 : 1] ?? k}: {shown}
                          </Tag>
                        );
                      })}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Loadable>
    </Space>
  );
}
