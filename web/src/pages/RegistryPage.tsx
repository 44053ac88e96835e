/**
 * The registry (干部名册): people by name and township, and the org units. County staff
 * register people and set up, rename, dissolve or merge units here; a township member
 * reads their own township's people (the API narrows the list) and changes nothing.
 * The full cadre search and statistics are a page of their own.
 */
import { useState } from 'react';
import { Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { PagedTable } from '../components/PagedTable';
import { Loadable, useLoad } from '../components/Loadable';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { ChangeForm } from '../registry/ChangeForm';
import { registerFields, unitFields, unitOptions } from '../registry/fields';
import {
  addUnit,
  dissolveUnit,
  listPeople,
  listUnits,
  registerPerson,
  renameUnit,
  type OrgUnit,
  type PersonListItem,
} from '../registry/registryApi';
import { KIND_TEXT, useRegistryText } from '../registry/text';

const PAGE = 20;

export const personPath = (personId: string) => `/registry/${encodeURIComponent(personId)}`;

export function RegistryPage() {
  const { rt, lang } = useRegistryText();
  const { user } = useSession();
  const county = user?.role === 'county-org-dept';
  const [name, setName] = useState('');
  const [township, setTownship] = useState<string>();
  const [offset, setOffset] = useState(0);
  const units = useLoad(listUnits, []);
  const people = useLoad(() => listPeople({ name: name.trim() || undefined, township, offset, limit: PAGE }), [name, township, offset]);
  const unitName = (id: string | null) => (id ? (units.data?.find((u) => u.orgUnitId === id)?.name ?? id) : '');
  const townships = (units.data ?? []).filter((u) => u.kind === 'township' && u.effectiveTo === null);

  const peopleTab = (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={rt('searchName')}
          style={{ width: 240 }}
          onSearch={(v) => {
            setOffset(0);
            setName(v);
          }}
          data-testid="registry-search"
        />
        {county && (
          <Select
            allowClear
            placeholder={rt('allTownships')}
            style={{ width: 200 }}
            value={township}
            onChange={(v: string | undefined) => {
              setOffset(0);
              setTownship(v);
            }}
            options={townships.map((u) => ({ value: u.orgUnitId, label: u.name }))}
          />
        )}
        {county && (
          <ChangeForm
            id="register"
            title={rt('register')}
            fields={registerFields(lang, units.data ?? [])}
            submit={(v, k) => registerPerson(v, k)}
            onDone={(r) => navigate(personPath(r.id))}
          />
        )}
      </Space>
      {!county && <Typography.Text type="secondary">{rt('readOnly')}</Typography.Text>}
      <Loadable state={people}>
        {(page) => (
          <PagedTable<PersonListItem>
            page={page}
            offset={offset}
            pageSize={PAGE}
            onOffset={setOffset}
            rowKey="personId"
            data-testid="registry-people"
            columns={[
              {
                title: rt('name'),
                dataIndex: 'name',
                render: (v: string, p) => (
                  <Link to={personPath(p.personId)} testId={`person-${p.personId}`}>
                    {v}
                  </Link>
                ),
              },
              { title: rt('unit'), dataIndex: 'orgUnitId', render: (v: string) => unitName(v) },
              { title: rt('post'), render: (_: unknown, p) => p.currentPost?.title ?? '' },
              { title: rt('rank'), dataIndex: 'rank' },
            ]}
          />
        )}
      </Loadable>
    </Space>
  );

  const unitsTab = (
    <Loadable state={units}>
      {(list) => (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {county && (
            <ChangeForm
              id="unit-add"
              title={rt('unitAdd')}
              fields={unitFields(lang, list)}
              submit={(v, k) => addUnit(v, k)}
              onDone={units.reload}
            />
          )}
          <Table<OrgUnit>
            size="small"
            rowKey="orgUnitId"
            dataSource={list}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            columns={[
              {
                title: rt('name'),
                dataIndex: 'name',
                render: (v: string, u) =>
                  u.effectiveTo ? (
                    <Space>
                      {v}
                      <Tag>{rt('dissolved')}</Tag>
                    </Space>
                  ) : (
                    v
                  ),
              },
              { title: rt('kind'), dataIndex: 'kind', render: (v: string) => (KIND_TEXT[v] ? rt(KIND_TEXT[v]) : v) },
              { title: rt('parent'), dataIndex: 'parentId', render: (v: string | null) => unitName(v) },
              ...(county
                ? [
                    {
                      title: '',
                      render: (_: unknown, u: OrgUnit) =>
                        u.effectiveTo || u.kind === 'county' ? null : (
                          <Space>
                            <ChangeForm
                              id={`unit-rename-${u.orgUnitId}`}
                              title={rt('unitRename')}
                              fields={[{ name: 'name', label: rt('name'), required: true, initial: u.name }]}
                              submit={(v, k) => renameUnit(u.orgUnitId, v, k)}
                              onDone={units.reload}
                            />
                            <ChangeForm
                              id={`unit-dissolve-${u.orgUnitId}`}
                              title={rt('unitDissolve')}
                              danger
                              fields={[
                                {
                                  name: 'mergedInto',
                                  label: rt('mergedInto'),
                                  options: unitOptions(list, [u.kind]).filter((o) => o.value !== u.orgUnitId),
                                },
                                { name: 'on', label: rt('on'), placeholder: 'YYYY-MM-DD' },
                              ]}
                              submit={(v, k) => dissolveUnit(u.orgUnitId, v, k)}
                              onDone={units.reload}
                            />
                          </Space>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </Space>
      )}
    </Loadable>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="registry-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {rt('title')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'people', label: rt('people'), children: peopleTab },
          { key: 'units', label: rt('units'), children: unitsTab },
        ]}
      />
    </Space>
  );
}
