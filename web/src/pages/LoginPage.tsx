import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { ApiProblem } from '../api';
import { useLang } from '../i18n';
import { useSession } from '../session';

export function LoginPage() {
  const { t } = useLang();
  const { signIn, ended } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onFinish = async (values: { login: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(values.login, values.password);
    } catch (err) {
      // The API's words: "wrong login or password", "too many login attempts…", "this account is disabled".
      setError(err instanceof ApiProblem ? err.problem.detail : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: '10vh' }}>
      <Card style={{ width: 380 }} data-testid="login-page">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('appName')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('department')}</Typography.Paragraph>
        {ended && !error && <Alert type="warning" showIcon title={t('sessionEnded')} style={{ marginBottom: 16 }} />}
        {error && (
          <Alert
            type="error"
            showIcon
            title={t('loginFailed')}
            description={error}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form layout="vertical" onFinish={onFinish} disabled={busy} requiredMark={false}>
          <Form.Item name="login" label={t('loginName')} rules={[{ required: true, message: t('loginNameRequired') }]}>
            <Input autoComplete="username" autoFocus data-testid="login-name" />
          </Form.Item>
          <Form.Item name="password" label={t('loginPassword')} rules={[{ required: true, message: t('loginPasswordRequired') }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('loginButton')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
