/**
 * The files attached to a case, each with the SHA-256 its AttachmentAdded event recorded
 * and whether the stored bytes still hash to it — what `audit verify` checks of them
 * (client/audit/attachments.ts), shown to an auditor beside the case.
 */
import { Empty, Table, Tag, Typography } from 'antd';
import { attachmentUrl, getNotes, type CaseAttachment } from '../caseNotesApi';
import { useLang } from '../i18n';
import { formatTime } from '../vocabulary';
import { Loadable, useLoad } from './Loadable';

export function AttachmentHashes({ caseId }: { caseId: string }) {
  const { t, lang } = useLang();
  const notes = useLoad(() => getNotes(caseId), [caseId]);
  return (
    <Loadable state={notes}>
      {(n) =>
        n.attachments.length === 0 ? (
          <Empty description={t('noAttachments')} image={Empty.PRESENTED_IMAGE_SIMPLE} data-testid="audit-no-attachments" />
        ) : (
          <Table<CaseAttachment>
            size="small"
            pagination={false}
            rowKey="attachmentId"
            dataSource={n.attachments}
            data-testid="audit-attachments"
            onRow={(a) => ({ 'data-file-name': a.fileName, 'data-sha256': a.sha256 }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('fileName'),
                dataIndex: 'fileName',
                render: (name: string, a) => (
                  <a href={attachmentUrl(caseId, a.attachmentId)} download={name}>
                    {name}
                  </a>
                ),
              },
              { title: t('fileSize'), dataIndex: 'size', render: (size: number) => `${(size / 1024).toFixed(1)} KiB` },
              { title: t('logPosition'), dataIndex: 'position', render: (p: string, a) => `#${p} · ${formatTime(a.at, lang)}` },
              {
                title: 'SHA-256',
                dataIndex: 'sha256',
                render: (h: string) => (
                  <Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }} data-testid="audit-attachment-sha256">
                    {h}
                  </Typography.Text>
                ),
              },
              {
                title: t('verification'),
                dataIndex: 'intact',
                render: (intact: boolean) => (
                  <Tag color={intact ? 'success' : 'error'}>{intact ? t('attachmentIntact') : t('attachmentChanged')}</Tag>
                ),
              },
            ]}
          />
        )
      }
    </Loadable>
  );
}
