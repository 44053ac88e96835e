/**
 * A document to download (docs/documents.md): a plain link on the same origin, so the
 * session cookie goes with it and the browser saves the file under the name the server
 * gives (Content-Disposition). The server decides what the caller may have: a township
 * committee member's link asks for their own township's part.
 */
import { Button } from 'antd';
import type { TextKey } from '../i18n';
import { useLang } from '../i18n';

const enc = encodeURIComponent;

export const rosterUrl = (township?: string | null) => `/documents/roster.xlsx${township ? `?township=${enc(township)}` : ''}`;
export const resultSheetUrl = (roundId: string, township?: string | null) =>
  `/evaluation/rounds/${enc(roundId)}/results.xlsx${township ? `?township=${enc(township)}` : ''}`;
export const ledgerUrl = (township?: string | null) => `/rectification/ledger.xlsx${township ? `?township=${enc(township)}` : ''}`;
export const noticeUrl = (caseId: string) => `/cases/${enc(caseId)}/notice.docx`;

export function DocumentDownload({ href, label, testId, size }: { href: string; label: TextKey; testId: string; size?: 'small' }) {
  const { t } = useLang();
  return (
    <Button href={href} download size={size} data-testid={testId}>
      {t(label)}
    </Button>
  );
}
