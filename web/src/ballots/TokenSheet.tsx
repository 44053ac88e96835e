/**
 * The token sheet: every token of a session as a QR code with its text and the voting
 * page's URL, its rater group, and the spares marked 备用 — printed on A4 (the print
 * style below leaves the sheet alone on the paper, a grid of 4 × 5 per page, never a
 * card cut across two pages), or shown one at a time on a screen for a room to scan.
 */
import { useState } from 'react';
import { Button, Space, Tag, Typography } from 'antd';
import type { OpenedSheet, SheetEntry } from './ballotsApi';
import { QrCode } from './QrCode';
import { printedToken } from './sheetMemory';
import { useBallotText } from './text';

/** The printed page: only the sheet, cards that never split, A4 with a margin a printer can keep. */
const PRINT_STYLE = `
.ballot-sheet { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px; }
.ballot-card { border: 1px dashed #999; padding: 8px; text-align: center; break-inside: avoid; page-break-inside: avoid; background: #fff; }
.ballot-qr svg { width: 100%; height: 100%; display: block; }
.ballot-card .ballot-token { font-family: monospace; font-size: 13px; letter-spacing: 0.5px; word-break: break-all; }
.ballot-card .ballot-url { font-size: 8px; color: #555; word-break: break-all; }
@media print {
  @page { size: A4; margin: 10mm; }
  /* Only the sheet on paper: the header and everything the page marks as not for print go. */
  .ant-layout-header, .ballot-no-print { display: none !important; }
  .ant-layout, .ant-layout-content, .ant-card, .ant-card-body { background: #fff !important; padding: 0 !important; border: 0 !important; box-shadow: none !important; }
  .ballot-print .ballot-sheet { grid-template-columns: repeat(4, 1fr); gap: 2mm; }
  /* 4 × 5 cards of 53 mm on the 277 mm of an A4 page; none split across two. */
  .ballot-print .ballot-card { height: 53mm; padding: 1.5mm; overflow: hidden; }
  .ballot-print .ballot-qr { width: 30mm !important; height: 30mm !important; margin: 0 auto; }
  .ballot-print .ballot-card .ballot-token { font-size: 9pt; }
  .ballot-print .ballot-card .ballot-url { font-size: 5.5pt; }
}
`;

export interface SheetCard extends SheetEntry {
  spare: boolean;
  groupLabel: string | null;
}

/** The sheet's cards in print order: each group's tokens, then the spares. */
export function cardsOf(sheet: OpenedSheet): SheetCard[] {
  const label = (key: string) => sheet.definition.groups.find((g) => g.key === key)?.label ?? null;
  return [
    ...sheet.tokens.map((e) => ({ ...e, spare: false, groupLabel: label(e.group) })),
    ...sheet.spares.map((e) => ({ ...e, spare: true, groupLabel: label(e.group) })),
  ];
}

function Card({ card, qrSize }: { card: SheetCard; qrSize: number | string }) {
  const { bt } = useBallotText();
  return (
    <div className="ballot-card" data-testid={card.spare ? 'ballot-card-spare' : 'ballot-card'} data-group={card.group}>
      <Space size={4} wrap style={{ justifyContent: 'center', minHeight: 22 }}>
        {card.groupLabel && <Tag data-testid="ballot-card-group">{card.groupLabel}</Tag>}
        {card.spare && (
          <Tag color="orange" data-testid="ballot-card-spare-mark">
            {bt('spare')}
          </Tag>
        )}
      </Space>
      <QrCode text={card.url} size={qrSize} testId="ballot-qr" />
      <div className="ballot-token" data-testid="ballot-token">
        {printedToken(card.token)}
      </div>
      <div className="ballot-url">{card.url}</div>
    </div>
  );
}

export function TokenSheet({ sheet }: { sheet: OpenedSheet }) {
  const { bt } = useBallotText();
  const cards = cardsOf(sheet);
  const [one, setOne] = useState<number | null>(null);

  return (
    <div>
      <style>{PRINT_STYLE}</style>
      <Space className="ballot-no-print" style={{ marginBottom: 12 }} wrap>
        <Button type="primary" onClick={() => window.print()} data-testid="sheet-print">
          {bt('print')}
        </Button>
        {one === null ? (
          <Button onClick={() => setOne(0)} data-testid="sheet-one-by-one">
            {bt('oneByOne')}
          </Button>
        ) : (
          <Button onClick={() => setOne(null)} data-testid="sheet-whole">
            {bt('sheetView')}
          </Button>
        )}
      </Space>
      {one !== null && cards[one] ? (
        // One big code on a screen: the room scans it, the chair moves on.
        <div className="ballot-no-print" style={{ maxWidth: 520, margin: '0 auto', textAlign: 'center' }} data-testid="sheet-single">
          <Typography.Title level={4}>{sheet.definition.question}</Typography.Title>
          <Typography.Paragraph type="secondary">{bt('scanHint')}</Typography.Paragraph>
          <Card card={cards[one]} qrSize="min(60vh, 440px)" />
          <Space style={{ marginTop: 12 }}>
            <Button disabled={one === 0} onClick={() => setOne(one - 1)} data-testid="sheet-previous">
              {bt('previous')}
            </Button>
            <Typography.Text data-testid="sheet-position">{bt('ofTotal', { n: one + 1, total: cards.length })}</Typography.Text>
            <Button type="primary" disabled={one + 1 >= cards.length} onClick={() => setOne(one + 1)} data-testid="sheet-next">
              {bt('next')}
            </Button>
          </Space>
        </div>
      ) : (
        <div className="ballot-print" data-testid="ballot-sheet">
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {sheet.definition.question}
          </Typography.Title>
          <div className="ballot-sheet">
            {cards.map((c) => (
              <Card key={c.token} card={c} qrSize={140} />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
