/**
 * A horizontal bar chart in plain CSS: the dashboard needs one distribution at a time,
 * which does not justify a chart library's weight in the bundle.
 */
import { Typography } from 'antd';

export interface Bar {
  key: string;
  label: string;
  value: number;
  colour?: string;
}

export function BarChart({ bars, testId }: { bars: readonly Bar[]; testId?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const total = bars.reduce((s, b) => s + b.value, 0);
  return (
    <div data-testid={testId} role="img" aria-label={bars.map((b) => `${b.label} ${b.value}`).join(', ')}>
      {bars.map((b) => (
        <div key={b.key} style={{ display: 'flex', alignItems: 'center', gap: 8, margin: '4px 0' }}>
          <div style={{ width: 96, textAlign: 'right', fontSize: 13 }}>{b.label}</div>
          <div style={{ flex: 1, background: '#f0f0f0', borderRadius: 4, height: 18 }}>
            <div
              data-testid={testId ? `${testId}-${b.key}` : undefined}
              data-value={b.value}
              style={{
                width: `${(b.value / max) * 100}%`,
                background: b.colour ?? '#1677ff',
                height: '100%',
                borderRadius: 4,
                minWidth: b.value > 0 ? 2 : 0,
              }}
            />
          </div>
          <div style={{ width: 88, fontSize: 13 }}>
            {b.value}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {total > 0 ? ` (${Math.round((b.value / total) * 100)}%)` : ''}
            </Typography.Text>
          </div>
        </div>
      ))}
    </div>
  );
}
