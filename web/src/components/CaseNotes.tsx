/**
 * A case's comments and attachments, with a form to add either for those who may: county
 * staff and the case's township committee. Each file shows its SHA-256 as the log recorded
 * it, whether the stored bytes still match it, and a download link. The server decides
 * (domain/caseComment.ts, domain/attachments.ts); its refusal shows in the user's language.
 */
import { useRef, useState } from 'react';
import { Button, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import type { User } from '../api';
import { addComment, attachmentUrl, getNotes, uploadAttachment } from '../caseNotesApi';
import { parseComment } from '../../../domain/caseComment';
import { pick, useLang } from '../i18n';
import { Loadable, useLoad } from './Loadable';
import { mayHold } from './TaskAssignment';
import { ActionError, useAction } from './useAction';
import { formatTime } from '../vocabulary';

export function CaseNotes({ caseId, townshipId, user }: { caseId: string; townshipId: string; user: User | null }) {
  const { lang } = useLang();
  const notes = useLoad(() => getNotes(caseId), [caseId]);
  const [text, setText] = useState('');
  const action = useAction(lang);
  const { busy, setError } = action;
  const fileInput = useRef<HTMLInputElement>(null);
  const mayAdd = mayHold(user, { townshipId });

  const run = (fn: () => Promise<unknown>) =>
    action.run(async () => {
      await fn();
      notes.reload();
    });
  const comment = () => {
    // The server's parser, run here first: an empty comment is refused before anything is sent.
    const parsed = parseComment(text);
    if (!parsed.ok) return setError(pick(lang, parsed.zh, parsed.en));
    void run(async () => {
      await addComment(caseId, parsed.text);
      setText('');
    });
  };
  const upload = (file: File | undefined) => {
    if (!file) return;
    void run(async () => {
      await uploadAttachment(caseId, file);
      if (fileInput.current) fileInput.current.value = '';
    });
  };

  return (
    <Card title={pick(lang, '意见与附件', 'Notes and attachments')} size="small" style={{ marginTop: 16 }} data-testid="case-notes">
      <Loadable state={notes}>
        {(n) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {n.comments.length === 0 && n.attachments.length === 0 && (
              <Empty description={pick(lang, '暂无意见或附件', 'No notes or attachments yet')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
            {n.comments.length > 0 && (
              <List
                size="small"
                dataSource={n.comments}
                rowKey="commentId"
                renderItem={(c) => (
                  <List.Item data-testid="case-note-comment">
                    <Space wrap size="small">
                      {c.by && <Tag>{c.by.id}</Tag>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatTime(c.at, lang)}
                      </Typography.Text>
                      <span>{c.text}</span>
                    </Space>
                  </List.Item>
                )}
              />
            )}
            {n.attachments.length > 0 && (
              <List
                size="small"
                dataSource={n.attachments}
                rowKey="attachmentId"
                renderItem={(a) => (
                  <List.Item data-testid="attachment" data-file-name={a.fileName}>
                    <Space orientation="vertical" size={0}>
                      <Space wrap size="small">
                        <a href={attachmentUrl(caseId, a.attachmentId)} download={a.fileName} data-testid="attachment-download">
                          {a.fileName}
                        </a>
                        <Typography.Text type="secondary">{(a.size / 1024).toFixed(1)} KiB</Typography.Text>
                        {a.by && <Tag>{a.by.id}</Tag>}
                        <Tag color={a.intact ? 'green' : 'red'} data-testid="attachment-intact">
                          {a.intact ? pick(lang, '与日志一致', 'matches the log') : pick(lang, '与日志不符', 'does not match the log')}
                        </Tag>
                      </Space>
                      <Typography.Text code style={{ fontSize: 12 }} data-testid="attachment-sha256">
                        SHA-256 {a.sha256}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Space>
        )}
      </Loadable>
      {mayAdd && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Input.TextArea
            rows={2}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={pick(lang, '填写意见…', 'Write a note…')}
            data-testid="case-note-text"
          />
          <Space wrap>
            <Button onClick={comment} loading={busy} data-testid="case-note-submit">
              {pick(lang, '添加意见', 'Add note')}
            </Button>
            <label>
              <Typography.Text type="secondary">
                {pick(lang, '上传附件（PDF、JPG、PNG、DOCX、XLSX，≤10 MiB）：', 'Attach a file (PDF, JPG, PNG, DOCX, XLSX, ≤10 MiB): ')}
              </Typography.Text>
              <input
                ref={fileInput}
                type="file"
                accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
                disabled={busy}
                onChange={(e) => upload(e.target.files?.[0])}
                data-testid="attachment-input"
              />
            </label>
          </Space>
        </Space>
      )}
      <ActionError action={action} title={pick(lang, '未能添加', 'Not added')} testId="case-notes-error" />
    </Card>
  );
}
