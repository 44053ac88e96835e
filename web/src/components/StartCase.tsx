/**
 * 新建案件: the dashboard's entry for county staff to start the procedures the CLI starts
 * with `probation start`, `election start`, `rectification screen|start` and `member apply`. One modal, one real form per procedure
 * (web/src/components/start/); each reads its values with the procedure's domain parser
 * before sending, and opens the new case's page once it is there.
 */
import { useState, type ReactElement } from 'react';
import { Button, Card, Modal, Space, Typography } from 'antd';
import { useLang, type TextKey } from '../i18n';
import { ElectionStartForm } from './start/ElectionStartForm';
import { MemberApplicationForm } from './start/MemberApplicationForm';
import { ProbationStartForm } from './start/ProbationStartForm';
import { RectificationStartForm } from './start/RectificationStartForm';

const PROCEDURES = [
  { key: 'probation', label: 'newProbation', Form: ProbationStartForm },
  { key: 'election', label: 'newElection', Form: ElectionStartForm },
  { key: 'rectification', label: 'newRectification', Form: RectificationStartForm },
  { key: 'member', label: 'newMemberApplication', Form: MemberApplicationForm },
] as const satisfies ReadonlyArray<{ key: string; label: TextKey; Form: () => ReactElement }>;

type Procedure = (typeof PROCEDURES)[number]['key'];

export function StartCase() {
  const { t } = useLang();
  const [open, setOpen] = useState<Procedure | null>(null);
  const current = PROCEDURES.find((p) => p.key === open);
  return (
    <Card size="small" title={t('newCase')} data-testid="start-case">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('newCaseHint')}
      </Typography.Paragraph>
      <Space wrap>
        {PROCEDURES.map((p) => (
          <Button key={p.key} onClick={() => setOpen(p.key)} data-testid={`new-${p.key}`}>
            {t(p.label)}
          </Button>
        ))}
      </Space>
      <Modal
        open={current !== undefined}
        title={current ? `${t('newCase')} · ${t(current.label)}` : ''}
        onCancel={() => setOpen(null)}
        footer={null}
        width={640}
        destroyOnHidden
        data-testid="start-case-modal"
      >
        {current && <current.Form />}
      </Modal>
    </Card>
  );
}
