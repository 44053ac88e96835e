/**
 * One QR code as SVG (the `qrcode` package), so that it prints sharp at any size. The
 * SVG text is the package's own drawing of `text`; nothing of the user's is interpreted.
 */
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

export function QrCode({ text, size, testId }: { text: string; size: number | string; testId?: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Medium error correction: a creased or slightly smudged sheet still scans.
    void QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }).then((s) => {
      if (live) setSvg(s);
    });
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <div
      className="ballot-qr"
      data-testid={testId}
      style={{ width: size, height: size }}
      // The package's SVG for a URL the server built: markup of our own making.
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}
