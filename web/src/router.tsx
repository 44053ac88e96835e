/**
 * A hash router in a few lines: API paths such as /cases/:id live at the root of the
 * same origin, so the UI's own paths live after the `#` (`/#/cases/…`) and never reach
 * the server. Path segments are URL-encoded, as case ids contain slashes.
 */
import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';

export function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : '/';
}

export function useHashPath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return path;
}

/** The route part of a path: `/cases?kind=probation` → `/cases`. */
export const routeOf = (path: string): string => path.split('?')[0]!;

/**
 * The query of a path after the hash (`/cases?kind=probation&page=2`) as text fields: a
 * page keeps its filters there, so a link or the back button gives the same view.
 */
export function queryOf(path: string): Record<string, string> {
  const i = path.indexOf('?');
  return i < 0 ? {} : Object.fromEntries(new URLSearchParams(path.slice(i + 1)));
}

/** `route` with `query` after it (none when empty). */
export function withQuery(route: string, query: Record<string, string>): string {
  const qs = new URLSearchParams(query).toString();
  return qs ? `${route}?${qs}` : route;
}

export function navigate(path: string): void {
  if (currentPath() !== path) window.location.hash = path;
}

/** `/cases/:id` against `/cases/probation%2Fp-1%2Fdemo` → { id: 'probation/p-1/demo' }. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('?')[0]!.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) return null;
  }
  return params;
}

export const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;
export const auditPath = (caseId: string) => `/audit/${encodeURIComponent(caseId)}`;

export function Link({ to, children, testId }: { to: string; children: ReactNode; testId?: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    // Let the browser handle new-tab clicks; plain clicks stay in the app.
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={`#${to}`} onClick={onClick} data-testid={testId}>
      {children}
    </a>
  );
}
