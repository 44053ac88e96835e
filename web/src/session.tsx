/**
 * Who is signed in. The session itself is an http-only cookie the page cannot read, so
 * the UI asks GET /auth/me once at start and after signing in; any 401 later (an
 * expired session) clears the user and the app shows the login page again.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { forgetTownships } from './townships';
import { ApiProblem, getMe, login as apiLogin, logout as apiLogout, setUnauthenticatedHandler, type User } from './api';

interface SessionState {
  /** undefined while the first /auth/me is in flight. */
  user: User | null | undefined;
  /** Set when a session ended under the user's feet, to say so on the login page. */
  ended: boolean;
  signIn(login: string, password: string): Promise<User>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    let live = true;
    getMe()
      .then((me) => {
        if (!live) return;
        forgetTownships(me.role);
        setUser(me);
      })
      .catch(() => live && setUser(null));
    setUnauthenticatedHandler(() => {
      setUser((was) => {
        if (was) setEnded(true);
        return null;
      });
    });
    return () => {
      live = false;
      setUnauthenticatedHandler(undefined);
    };
  }, []);

  const signIn = useCallback(async (loginName: string, password: string) => {
    const { user: me } = await apiLogin(loginName, password);
    setEnded(false);
    forgetTownships(me.role);
    setUser(me);
    return me;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await apiLogout();
    } catch (err) {
      // An already-ended session is signed out all the same.
      if (!(err instanceof ApiProblem && err.status === 401)) throw err;
    }
    forgetTownships();
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, ended, signIn, signOut }), [user, ended, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
