/**
 * A person's 干部任免审批表 to download, wherever the person is shown (the case page of a
 * probation or an evaluation, whose subject is the person): the Word document for every
 * reader, the LRMX file (full ID number, recorded in the access log) for county staff.
 */
import { Button, Space } from 'antd';
import { appointmentFormDocxUrl, lrmxUrl } from '../api';
import { useLang } from '../i18n';
import { useSession } from '../session';

export function AppointmentFormLinks({ personId }: { personId: string }) {
  const { t } = useLang();
  const { user } = useSession();
  return (
    <Space wrap>
      <Button size="small" href={appointmentFormDocxUrl(personId)} download data-testid="appointment-form-download">
        {t('appointmentFormDownload')}
      </Button>
      {user?.role === 'county-org-dept' && (
        <Button size="small" href={lrmxUrl(personId)} download data-testid="lrmx-download">
          {t('lrmxDownload')}
        </Button>
      )}
    </Space>
  );
}
