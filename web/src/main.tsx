import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { LangProvider } from './i18n';
import { useHashPath } from './router';
import { SessionProvider } from './session';
import { isVotePath, VoteApp } from './vote/VoteApp';

/** The staff app in its own chunk: a voter's phone never downloads it. */
const App = lazy(() => import('./App').then((m) => ({ default: m.App })));

/**
 * A ballot token's page and the published result (`/#/vote/…`, `/#/ballots/…`) are for
 * participants with no account: they get their own app, chosen before the staff app's
 * session check, so a voter never sees the login page and no staff route is called.
 */
function Root() {
  const path = useHashPath();
  if (isVotePath(path)) return <VoteApp />;
  return (
    <LangProvider>
      <SessionProvider>
        <Suspense fallback={null}>
          <App />
        </Suspense>
      </SessionProvider>
    </LangProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
