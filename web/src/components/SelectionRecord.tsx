/**
 * A selection's full-process record (全程纪实, GET /cases/:caseId/record): the lines the
 * server writes from the case's events, one timeline item per step heading, and the same
 * record as a Word document to download (GET /cases/:caseId/record.docx). The record is
 * kept in Chinese, as it is filed; the English page says so instead of translating it.
 */
import { Button, Empty, Timeline as AntTimeline, Typography } from 'antd';
import { getSelectionRecord, selectionRecordDocxUrl, type RecordLine } from '../api';
import { useLang } from '../i18n';
import { Loadable, useLoad } from './Loadable';

interface Section {
  heading: string;
  lines: string[];
}

/** The title (heading 1) and the sections under each heading 2; lines before the first heading belong to the title. */
export function recordSections(lines: readonly RecordLine[]): { title: string; intro: string[]; sections: Section[] } {
  let title = '';
  const intro: string[] = [];
  const sections: Section[] = [];
  for (const l of lines) {
    if (l.heading === 1) title = l.text;
    else if (l.heading === 2) sections.push({ heading: l.text, lines: [] });
    else (sections.at(-1)?.lines ?? intro).push(l.text);
  }
  return { title, intro, sections };
}

/** `version`: reloads the record when the case moved on (its timeline's length). */
export function SelectionRecord({ caseId, version }: { caseId: string; version: number }) {
  const { t, lang } = useLang();
  const record = useLoad(() => getSelectionRecord(caseId), [caseId, version]);
  return (
    <div data-testid="selection-record">
      <div style={{ marginBottom: 12 }}>
        <Button href={selectionRecordDocxUrl(caseId)} download data-testid="record-download">
          {t('recordDownload')}
        </Button>
      </div>
      {lang === 'en' && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('recordLanguage')}
        </Typography.Paragraph>
      )}
      <Loadable state={record}>
        {(r) => {
          const { title, intro, sections } = recordSections(r.lines);
          if (sections.length === 0 && intro.length === 0) return <Empty description={t('notAvailable')} />;
          return (
            <>
              <Typography.Text strong data-testid="record-title">
                {title}
              </Typography.Text>
              {intro.map((l, i) => (
                <div key={i} style={{ fontSize: 13 }}>
                  {l}
                </div>
              ))}
              <AntTimeline
                style={{ marginTop: 16 }}
                data-testid="record-timeline"
                items={sections.map((s, i) => ({
                  key: i,
                  content: (
                    <div data-testid="record-section">
                      <Typography.Text strong>{s.heading}</Typography.Text>
                      {s.lines.map((l, j) => (
                        <div key={j} style={{ fontSize: 13 }} data-testid="record-line">
                          {l}
                        </div>
                      ))}
                    </div>
                  ),
                }))}
              />
            </>
          );
        }}
      </Loadable>
    </div>
  );
}
