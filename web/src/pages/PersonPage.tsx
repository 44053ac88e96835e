/**
 * A person of the registry: what GET /registry/people/:id answers (the ID and phone
 * numbers as the server masks them, whole for county staff who ask — a view the server
 * records in the access log) and every post held, with the 任免审批表 downloads. County staff get the change
 * forms — correct, transfer, appoint, remove from a post, retire, record a death — each
 * showing the server's refusal in the UI's language; a township member reads only.
 */
import { useState } from 'react';
import { Button, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { AppointmentFormLinks } from '../components/AppointmentFormLinks';
import { Loadable, useLoad } from '../components/Loadable';
import { Link } from '../router';
import { useSession } from '../session';
import { ChangeForm } from '../registry/ChangeForm';
import { columnLabel, correctFields, unitOptions } from '../registry/fields';
import {
  appoint,
  correctPerson,
  endPost,
  getPerson,
  listUnits,
  recordDeath,
  retirePerson,
  transferPerson,
  type PersonView,
  type PostLine,
} from '../registry/registryApi';
import { useRegistryText } from '../registry/text';
import { PERSON_COLUMNS } from '../../../domain/roster/columns';

const ON = 'YYYY-MM-DD';

export function PersonPage({ personId }: { personId: string }) {
  const { rt, lang } = useRegistryText();
  const { user } = useSession();
  const county = user?.role === 'county-org-dept';
  // Masked unless county staff ask: each whole-number view is recorded by the server.
  const [reveal, setReveal] = useState(false);
  const person = useLoad(() => getPerson(personId, reveal), [personId, reveal]);
  // The units' names; a township member's list is their own township's.
  const units = useLoad(listUnits, []);
  const unitName = (id: string | null) => (id ? (units.data?.find((u) => u.orgUnitId === id)?.name ?? id) : '');
  const rankColumn = PERSON_COLUMNS.find((c) => c.key === 'rank')!;

  const actions = (p: PersonView) => {
    const reload = person.reload;
    const live = units.data ?? [];
    const onDay = { name: 'on', label: rt('on'), placeholder: ON };
    const fields = correctFields(lang, p);
    return (
      <Space wrap data-testid="person-actions">
        <ChangeForm
          id="correct"
          title={rt('correct')}
          fields={fields}
          submit={(v, k) => {
            // Only what changed: a prefilled field left as it was, or a blank one left blank, is not sent.
            const changed = Object.fromEntries(
              fields
                .filter((f) => (v[f.name] ?? '') !== (f.initial ?? '') && !(f.initial === undefined && !v[f.name]))
                .map((f) => [f.name, v[f.name] ?? null]),
            );
            return correctPerson(p.personId, changed, k);
          }}
          onDone={reload}
        />
        <ChangeForm
          id="transfer"
          title={rt('transfer')}
          fields={[
            { name: 'unit', label: rt('toUnit'), required: true, options: unitOptions(live).filter((o) => o.value !== p.orgUnitId) },
            onDay,
          ]}
          submit={(v, k) => transferPerson(p.personId, v, k)}
          onDone={reload}
        />
        <ChangeForm
          id="appoint"
          title={rt('appoint')}
          fields={[
            { name: 'title', label: columnLabel('title', lang), required: true },
            { name: 'titleSince', label: columnLabel('titleSince', lang), required: true, placeholder: '2024.03' },
            { name: 'rank', label: columnLabel('rank', lang), options: (rankColumn.list ?? []).map((r) => ({ value: r, label: r })) },
            { name: 'unit', label: rt('unit'), options: unitOptions(live) },
          ]}
          submit={(v, k) => appoint(p.personId, v, k)}
          onDone={reload}
        />
        {p.currentPost && (
          <ChangeForm
            id="end-post"
            title={rt('endPost')}
            fields={[
              {
                name: 'reason',
                label: rt('reason'),
                initial: 'other',
                options: [
                  { value: 'ended-early', label: rt('reasonEndedEarly') },
                  { value: 'replaced', label: rt('reasonReplaced') },
                  { value: 'other', label: rt('reasonOther') },
                ],
              },
              onDay,
            ]}
            submit={(v, k) => endPost(p.currentPost!.assignmentId, v, k)}
            onDone={reload}
          />
        )}
        <ChangeForm
          id="retire"
          title={rt('retire')}
          danger
          fields={[onDay]}
          submit={(v, k) => retirePerson(p.personId, v, k)}
          onDone={reload}
        />
        <ChangeForm
          id="death"
          title={rt('death')}
          danger
          fields={[onDay]}
          submit={(v, k) => recordDeath(p.personId, v, k)}
          onDone={reload}
        />
      </Space>
    );
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="person-page">
      <Link to="/registry">{rt('backToList')}</Link>
      <Loadable state={person}>
        {(p) => (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="person-name">
              {p.name}
            </Typography.Title>
            {county ? actions(p) : <Typography.Text type="secondary">{rt('readOnly')}</Typography.Text>}
            <Descriptions bordered size="small" column={2} title={rt('details')} data-testid="person-details">
              <Descriptions.Item label={columnLabel('gender', lang)}>{rt(p.gender === 'male' ? 'male' : 'female')}</Descriptions.Item>
              <Descriptions.Item label={columnLabel('birth', lang)}>{p.details?.birthMonth ?? p.birthYear}</Descriptions.Item>
              <Descriptions.Item label={columnLabel('unit', lang)}>
                <span data-testid="person-unit">{unitName(p.orgUnitId)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={columnLabel('rank', lang)}>{p.rank}</Descriptions.Item>
              <Descriptions.Item label={columnLabel('title', lang)}>{p.currentPost?.title ?? ''}</Descriptions.Item>
              {Object.entries(p.details ?? {})
                .filter(([k, v]) => k !== 'birthMonth' && v !== null && v !== undefined)
                .map(([k, v]) => (
                  <Descriptions.Item key={k} label={columnLabel(k, lang)}>
                    {v}
                  </Descriptions.Item>
                ))}
            </Descriptions>
            {reveal ? (
              <Typography.Text type="warning" data-testid="person-revealed">
                {rt('revealed')}
              </Typography.Text>
            ) : (
              <Space wrap>
                <Typography.Text type="secondary">{rt('masked')}</Typography.Text>
                {county && (p.details?.idNumber !== undefined || p.details?.phone !== undefined) && (
                  <Button size="small" onClick={() => setReveal(true)} data-testid="person-reveal">
                    {rt('reveal')}
                  </Button>
                )}
              </Space>
            )}
            <AppointmentFormLinks personId={p.personId} />
            <Table<PostLine>
              size="small"
              rowKey="assignmentId"
              title={() => rt('posts')}
              dataSource={p.posts}
              pagination={false}
              columns={[
                {
                  title: columnLabel('title', lang),
                  dataIndex: 'title',
                  render: (v: string, x) =>
                    x.onTrial ? (
                      <Space>
                        {v}
                        <Tag>{rt('onTrial')}</Tag>
                      </Space>
                    ) : (
                      v
                    ),
                },
                { title: rt('unit'), dataIndex: 'orgUnitId', render: (v: string) => unitName(v) },
                { title: rt('startedOn'), dataIndex: 'startedOn' },
                { title: rt('endedOn'), dataIndex: 'endedOn' },
              ]}
            />
          </Space>
        )}
      </Loadable>
    </Space>
  );
}
