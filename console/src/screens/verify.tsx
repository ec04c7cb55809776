/** Verify a transaction from the caller's own peer: its block, validation code, creator and endorsing organisations. */
import { useState } from 'preact/hooks';
import type { ScreenProps } from '../app';
import { api, read, type Schemas } from '../api/client';
import { TextField } from '../components/Fields';
import { ErrorAlert } from '../components/Feedback';
import { failure } from '../components/hooks';
import { Page } from '../components/Page';
import type { ApiErrorBody } from '../model/errors';

type Found = Schemas['TransactionStatus'];

/** `id`: a transaction to look up, prefilled (a failed write links here with its id). */
export function Verify({ id }: ScreenProps) {
  const [txId, setTxId] = useState(id ?? '');
  const [found, setFound] = useState<Found>();
  const [error, setError] = useState<ApiErrorBody>();
  const [busy, setBusy] = useState(false);
  return (
    <Page title="Verify transaction">
      <form
        aria-label="Verify a transaction"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setFound(undefined);
          setError(undefined);
          read(api.GET('/transactions/{txId}', { params: { path: { txId: txId.trim() } } }))
            .then(setFound, (err: unknown) => {
              setError(failure(err));
            })
            .finally(() => {
              setBusy(false);
            });
        }}
      >
        <TextField label="Transaction ID" value={txId} onInput={setTxId} required hint="64 hexadecimal characters" />
        <button type="submit" disabled={busy}>
          Verify
        </button>
      </form>
      {error && <ErrorAlert error={error} />}
      {found && <Transaction found={found} />}
    </Page>
  );
}

function Transaction({ found }: { found: Found }) {
  if (found.status === 'PENDING') return <p role="status">Transaction {found.transactionId} is ordered and not yet committed.</p>;
  return (
    <dl class="terms">
      <div>
        <dt>Transaction</dt>
        <dd>
          <code>{found.transactionId}</code>
        </dd>
      </div>
      <div>
        <dt>Block</dt>
        <dd>{found.blockNumber}</dd>
      </div>
      <div>
        <dt>Validation code</dt>
        <dd>
          {found.validationCode} {found.valid ? '(valid)' : '(invalid: it wrote nothing)'}
        </dd>
      </div>
      <div>
        <dt>Endorsed by</dt>
        <dd>{found.endorserMspIds.join(', ')}</dd>
      </div>
      <div>
        <dt>Creator</dt>
        <dd>{found.creatorMspId}</dd>
      </div>
      <div>
        <dt>Timestamp</dt>
        <dd>{found.timestamp}</dd>
      </div>
    </dl>
  );
}
