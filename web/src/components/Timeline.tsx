/** A case's events from the log, oldest first, with who acted and what they decided, in the reader's language. */
import { Tag, Timeline as AntTimeline, Typography } from 'antd';
import type { TimelineEntry } from '../api';
import { useLang } from '../i18n';
import { useTownshipName } from '../townships';
import { eventFacts, eventLabel, formatTime, roleLabel } from '../vocabulary';

const COLOURS: Record<string, string> = {
  TaskDecided: 'green',
  CaseClosed: 'gray',
  TaskEscalated: 'red',
  ObjectionFiled: 'orange',
  ProbationFailed: 'red',
  ProbationEndedEarly: 'red',
};

export function CaseTimeline({ events, kind }: { events: readonly TimelineEntry[]; kind: string }) {
  const { lang, t } = useLang();
  const townshipName = useTownshipName();
  if (events.length === 0) return <Typography.Text type="secondary">{t('notAvailable')}</Typography.Text>;
  return (
    <AntTimeline
      data-testid="timeline"
      items={events.map((e) => ({
        key: e.position,
        color: COLOURS[e.type] ?? 'blue',
        content: (
          <div data-testid="timeline-entry" data-event-type={e.type}>
            {/* The event's type is an identifier: auditors find it on hover, readers see its label. */}
            <Typography.Text strong title={e.type}>
              {eventLabel(lang, e.type)}
            </Typography.Text>{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              #{e.version} · {formatTime(e.recordedAt, lang)}
            </Typography.Text>
            {e.actor && (
              <div>
                <Tag>
                  {t('actor')}: {e.actor.id} ({roleLabel(t, e.actor.role)}
                  {e.actor.townshipId ? ` · ${townshipName(e.actor.townshipId)}` : ''})
                </Tag>
              </div>
            )}
            {eventFacts(e, lang, kind).map(([label, value], i) => (
              <div key={i} style={{ fontSize: 13 }} data-testid="timeline-fact">
                <Typography.Text type="secondary">
                  {label}
                  {lang === 'zh' ? '：' : ':'}
                </Typography.Text>{' '}
                {value}
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
}
