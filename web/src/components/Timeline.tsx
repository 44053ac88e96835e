/** A case's events from the log, oldest first, with who acted and what they decided. */
import { Tag, Timeline as AntTimeline, Typography } from 'antd';
import type { TimelineEntry } from '../api';
import { useLang } from '../i18n';
import { eventFacts, eventLabel, formatTime, roleLabel } from '../vocabulary';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const COLOURS: Record<string, string> = {
  TaskDecided: 'green',
  CaseClosed: 'gray',
  TaskEscalated: 'red',
  ObjectionFiled: 'orange',
  ProbationFailed: 'red',
  ProbationEndedEarly: 'red',
};

export function CaseTimeline({ events }: { events: readonly TimelineEntry[] }) {
  const { lang, t } = useLang();
  if (events.length === 0) return <Typography.Text type="secondary">{t('notAvailable')}</Typography.Text>;
  return (
    <AntTimeline
      data-testid="timeline"
      items={events.map((e) => ({
        key: e.position,
        color: COLOURS[e.type] ?? 'blue',
        content: (
          <div data-testid="timeline-entry" data-event-type={e.type}>
            <Typography.Text strong>{eventLabel(lang, e.type)}</Typography.Text>{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.type} · #{e.version} · {formatTime(e.recordedAt, lang)}
            </Typography.Text>
            {e.actor && (
              <div>
                <Tag>
                  {t('actor')}: {e.actor.id} ({roleLabel(t, e.actor.role)}
                  {e.actor.townshipId ? ` ${e.actor.townshipId}` : ''})
                </Tag>
              </div>
            )}
            {eventFacts(e).map(([k, v]) => (
              <div key={k} style={{ fontSize: 13 }}>
                <Typography.Text type="secondary">{k}:</Typography.Text> {ISO_INSTANT.test(v) ? formatTime(v, lang) : v}
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
}
