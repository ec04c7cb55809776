/** Bond applications the CSD reviews: the queue, and one application's term sheet with approve or reject. */
import { useState } from 'preact/hooks';
import type { ScreenProps } from '../app';
import { allPages, api, read } from '../api/client';
import { ActionButtons } from '../components/ActionButton';
import { TextField } from '../components/Fields';
import { Show } from '../components/Feedback';
import { useLoad } from '../components/hooks';
import { Page } from '../components/Page';
import { Table } from '../components/Table';
import { TermSheet } from '../components/TermSheet';
import { formatDecimal } from '../model/decimal';
import { may } from '../model/permissions';
import { href } from '../model/route';

const shortId = (id: string): string => `${id.slice(0, 12)}…`;

export function Applications() {
  const [pending] = useLoad(
    () =>
      allPages((cursor) => api.GET('/bond-applications', { params: { query: { status: 'PENDING_APPROVAL', pageSize: '100', cursor } } })),
    [],
  );
  const [lookup, setLookup] = useState('');
  return (
    <Page title="Applications">
      <Show state={pending}>
        {(rows) => (
          <Table
            caption="Pending applications"
            rows={rows}
            rowKey={(a) => a.applicationId}
            empty="No application waits for review."
            columns={[
              { header: 'Application', cell: (a) => <a href={href('applications', a.applicationId)}>{shortId(a.applicationId)}</a> },
              { header: 'Issuer', cell: (a) => a.issuer },
              { header: 'Short name', cell: (a) => a.terms.shortName },
              { header: 'Issue size', cell: (a) => formatDecimal(a.terms.issueSize), numeric: true },
              { header: 'Currency', cell: (a) => a.terms.specifiedCurrency },
              { header: 'Maturity', cell: (a) => a.terms.maturityDate },
              { header: 'Filed', cell: (a) => a.filed.timestamp },
            ]}
          />
        )}
      </Show>
      <form
        aria-label="Open an application"
        onSubmit={(e) => {
          e.preventDefault();
          window.location.hash = href('applications', lookup.trim());
        }}
      >
        <TextField label="Application ID" value={lookup} onInput={setLookup} required />
        <button type="submit">Open</button>
      </form>
    </Page>
  );
}

export function ApplicationPage({ me, applicationId }: ScreenProps & { applicationId: string }) {
  const [application, reload] = useLoad(
    () => read(api.GET('/bond-applications/{applicationId}', { params: { path: { applicationId } } })),
    [applicationId],
  );
  const [nationalCode, setNationalCode] = useState('');
  const [countryCode, setCountryCode] = useState('');
  const [reason, setReason] = useState('');
  const path = { applicationId };
  const approval = {
    ...(nationalCode.trim() === '' ? {} : { nationalCode: nationalCode.trim() }),
    ...(countryCode.trim() === '' ? {} : { countryCode: countryCode.trim() }),
  };
  return (
    <Page title={`Application ${shortId(applicationId)}`}>
      <p>
        <a href={href('applications')}>All applications</a>
      </p>
      <Show state={application}>
        {(a) => (
          <>
            <p>
              Status: <strong>{a.status}</strong> · filed by {a.issuer} on {a.filed.timestamp}
              {a.rejectionReason !== undefined && ` · rejected: ${a.rejectionReason}`}
            </p>
            {a.isin !== undefined && (
              <p>
                Registered as <a href={href('bonds', a.isin)}>{a.isin}</a>
              </p>
            )}
            <h2>Term sheet</h2>
            <TermSheet terms={a.terms} issuer={a.issuer} />
            {may.reviewApplications(me) && (
              <>
                {a.status === 'PENDING_APPROVAL' && (
                  <>
                    <h2>Decision</h2>
                    <TextField
                      label="National code"
                      value={nationalCode}
                      onInput={setNationalCode}
                      pattern="[A-Z0-9]{9}"
                      hint="Optional: 9 characters, from which the ISIN is derived"
                    />
                    <TextField
                      label="Country code"
                      value={countryCode}
                      onInput={setCountryCode}
                      pattern="[A-Z]{2}"
                      hint="Optional: ISO 3166, for the ISIN"
                    />
                    <TextField label="Reason" value={reason} onInput={setReason} hint="Needed to reject" />
                  </>
                )}
                <ActionButtons
                  onDone={reload}
                  about={`application ${shortId(a.applicationId)}`}
                  buttons={[
                    {
                      label: 'Approve',
                      what: [path, approval],
                      send: (headers) =>
                        api.POST('/bond-applications/{applicationId}/approval', { params: { path }, body: approval, headers }),
                      hidden: a.status !== 'PENDING_APPROVAL',
                    },
                    {
                      label: 'Reject',
                      what: [path, reason],
                      send: (headers) =>
                        api.POST('/bond-applications/{applicationId}/rejection', {
                          params: { path },
                          body: { reason: reason.trim() },
                          headers,
                        }),
                      hidden: a.status !== 'PENDING_APPROVAL',
                    },
                  ]}
                />
              </>
            )}
          </>
        )}
      </Show>
    </Page>
  );
}
