/** The shell: header with the role's pages, the language switch and sign-out; the routed page below. */
import { useEffect, type ReactNode } from 'react';
import { Button, ConfigProvider, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import { DemoLoading } from './components/DemoLoading';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import type { Role, User } from './api';
import { useLang, type TextKey } from './i18n';
import { matchPath, navigate, routeOf, useHashPath } from './router';
import { useSession } from './session';
import { useTownshipName } from './townships';
import { roleLabel } from './vocabulary';
import { AccessLogPage } from './pages/AccessLogPage';
import { AccountsPage } from './pages/AccountsPage';
import { AuditPage } from './pages/AuditPage';
import { ArchivesPage } from './pages/ArchivesPage';
import { CadreSearchPage } from './pages/CadreSearchPage';
import { StructureStatsPage } from './pages/StructureStatsPage';
import { CasePage } from './pages/CasePage';
import { CasesPage } from './pages/CasesPage';
import { DashboardPage } from './pages/DashboardPage';
import { InboxPage } from './pages/InboxPage';
import { LoginPage } from './pages/LoginPage';
import { RosterImportPage } from './pages/RosterImportPage';
import { PersonPage } from './pages/PersonPage';
import { RegistryPage } from './pages/RegistryPage';
import { ScreeningPage } from './pages/ScreeningPage';
import { ElectionsPage } from './pages/ElectionsPage';
import { PipelinePage } from './pages/PipelinePage';
import { BallotSessionPage } from './ballots/BallotSessionPage';
import { motionWanted } from './motion';

interface NavItem {
  path: string;
  label: TextKey;
}

/** Each role's pages, its first page being where it lands after signing in. */
const NAV: Record<Role, NavItem[]> = {
  'township-committee': [
    { path: '/inbox', label: 'navInbox' },
    { path: '/dashboard', label: 'navDashboard' },
    { path: '/cases', label: 'navCases' },
    { path: '/search', label: 'navSearch' },
    { path: '/statistics', label: 'navStatistics' },
    { path: '/registry', label: 'navRegistry' },
    { path: '/elections', label: 'navElections' },
    { path: '/pipeline', label: 'navPipeline' },
  ],
  'county-org-dept': [
    { path: '/dashboard', label: 'navDashboard' },
    { path: '/inbox', label: 'navInbox' },
    { path: '/cases', label: 'navCases' },
    { path: '/search', label: 'navSearch' },
    { path: '/statistics', label: 'navStatistics' },
    { path: '/registry', label: 'navRegistry' },
    { path: '/audit', label: 'navAudit' },
    { path: '/archives', label: 'navArchives' },
    { path: '/roster-import', label: 'navRosterImport' },
    { path: '/screening', label: 'navScreening' },
    { path: '/elections', label: 'navElections' },
    { path: '/pipeline', label: 'navPipeline' },
  ],
  auditor: [
    { path: '/audit', label: 'navAudit' },
    { path: '/archives', label: 'navArchives' },
    { path: '/dashboard', label: 'navDashboard' },
    { path: '/inbox', label: 'navInbox' },
    { path: '/search', label: 'navSearch' },
    { path: '/statistics', label: 'navStatistics' },
    { path: '/access-log', label: 'navAccessLog' },
    { path: '/elections', label: 'navElections' },
    { path: '/pipeline', label: 'navPipeline' },
  ],
  admin: [
    { path: '/accounts', label: 'navAccounts' },
    { path: '/access-log', label: 'navAccessLog' },
  ],
};

function Page({ path: full, role }: { path: string; role: Role }): ReactNode {
  const { t } = useLang();
  // A page's filters live in the hash's query (`/cases?kind=probation`); the route is what comes before it.
  const path = routeOf(full);
  const allowed = (section: string) =>
    NAV[role].some((n) => n.path === section) ||
    (section === '/cases' && role === 'auditor') ||
    // A ballot session is its chair's: whoever may decide steps (the API checks the step).
    (section === '/ballot-sessions' && (role === 'township-committee' || role === 'county-org-dept'));
  const section = `/${path.split('/')[1] ?? ''}`;
  if (!allowed(section)) return <Result status="403" title={t('forbiddenPage')} />;

  let m: Record<string, string> | null;
  if (path === '/inbox') return <InboxPage />;
  if (path === '/dashboard') return <DashboardPage />;
  if (path === '/cases') return <CasesPage />;
  if ((m = matchPath('/cases/:id', path))) return <CasePage key={m.id} caseId={m.id!} />;
  if (path === '/audit') return <CasesPage audit />;
  if ((m = matchPath('/audit/:id', path))) return <AuditPage key={m.id} caseId={m.id!} />;
  if (path === '/access-log') return <AccessLogPage />;
  if (path === '/archives') return <ArchivesPage />;
  if (path === '/roster-import') return <RosterImportPage />;
  if (path === '/screening') return <ScreeningPage />;
  if (path === '/search') return <CadreSearchPage />;
  if (path === '/statistics') return <StructureStatsPage />;
  if (path === '/registry') return <RegistryPage />;
  if (path === '/elections') return <ElectionsPage />;
  if (path === '/pipeline') return <PipelinePage />;
  if ((m = matchPath('/registry/:id', path))) return <PersonPage key={m.id} personId={m.id!} />;
  if ((m = matchPath('/ballot-sessions/:id', path))) return <BallotSessionPage key={m.id} sessionId={m.id!} />;
  if (path === '/accounts') return <AccountsPage />;
  return <Result status="404" title={t('notFoundPage')} />;
}

/** Who is signed in: name, role, township by name (asked for only once someone is signed in). */
function WhoAmI({ user }: { user: User }) {
  const { t } = useLang();
  const townshipName = useTownshipName();
  return (
    <span style={{ color: '#fff', whiteSpace: 'nowrap' }} data-testid="whoami">
      {user.displayName}{' '}
      <Tag>
        {roleLabel(t, user.role)}
        {user.townshipId ? ` · ${townshipName(user.townshipId)}` : ''}
      </Tag>
    </span>
  );
}

export function App() {
  const { lang, setLang, t } = useLang();
  const { user, signOut } = useSession();
  const path = useHashPath();
  const home = user ? NAV[user.role][0]!.path : '/login';

  useEffect(() => {
    if (user === undefined) return;
    if (user === null && path !== '/login') {
      // Remember nothing but the login page: the user lands on their role's home after signing in.
      navigate('/login');
    } else if (user && (path === '/' || path === '/login')) {
      navigate(home);
    }
  }, [user, path, home]);

  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#b71c1c', motion: motionWanted() } }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 24 }}>
          <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
            {t('appName')}
          </Typography.Text>
          {user && (
            <Menu
              theme="dark"
              mode="horizontal"
              style={{ flex: 1, minWidth: 0 }}
              selectedKeys={[`/${routeOf(path).split('/')[1] ?? ''}`]}
              items={NAV[user.role].map((n) => ({
                key: n.path,
                label: (
                  <a href={`#${n.path}`} data-testid={`nav-${n.path.slice(1)}`}>
                    {t(n.label)}
                  </a>
                ),
              }))}
            />
          )}
          {!user && <div style={{ flex: 1 }} />}
          <Space>
            {user && <WhoAmI user={user} />}
            <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch">
              {t('switchLang')}
            </Button>
            {user && (
              <Button size="small" onClick={() => void signOut()} data-testid="logout">
                {t('logout')}
              </Button>
            )}
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          {user === undefined ? (
            <Spin style={{ display: 'block', margin: 48 }} />
          ) : user === null ? (
            <LoginPage />
          ) : (
            <>
              <DemoLoading />
              <Page path={path} role={user.role} />
            </>
          )}
        </Layout.Content>
      </Layout>
    </ConfigProvider>
  );
}
