/**
 * The live event stream: GET /events is Server-Sent Events and needs the
 * Authorization header, which EventSource cannot send, so it is read with
 * fetch and parsed (api/sse.ts). Newest first; the list keeps the last 200.
 * It resumes after a dropped connection from the last event's id, waiting
 * longer after each failure; a refusal (401, 403) stops it and is shown.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ScreenProps } from '../app';
import { ApiFailure, session } from '../api/client';
import { SseParser } from '../api/sse';
import { ErrorAlert } from '../components/Feedback';
import { Page } from '../components/Page';
import { Table } from '../components/Table';
import { type ApiErrorBody, errorOf } from '../model/errors';
import { backoffMs, reconnects } from '../model/stream';

const KEEP = 200;

interface ChainEvent {
  id: string;
  name: string;
  blockNumber: string;
  transactionId: string;
  payload: unknown;
}

function parse(id: string | undefined, name: string, data: string): ChainEvent {
  try {
    const body = JSON.parse(data) as { blockNumber?: string; transactionId?: string; payload?: unknown };
    return { id: id ?? '', name, blockNumber: body.blockNumber ?? '', transactionId: body.transactionId ?? '', payload: body.payload };
  } catch {
    return { id: id ?? '', name, blockNumber: '', transactionId: '', payload: data };
  }
}

/** A short summary of an event's payload: its ISIN and identifiers, as far as it has them. */
function summary(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null) return String(payload);
  const fields = ['isin', 'mspId', 'bidder', 'transferId', 'eventId', 'status'] as const;
  const record = payload as Record<string, unknown>;
  return fields
    .filter((f) => typeof record[f] === 'string')
    .map((f) => `${f} ${String(record[f])}`)
    .join(', ');
}

/** The gateway's answer refusing the stream, with its error's code and message. */
async function streamFailure(response: Response): Promise<ApiFailure> {
  const body: unknown = await response.json().catch(() => undefined);
  return new ApiFailure(response.status, errorOf(body, response.status));
}

export function Events({ signOut }: ScreenProps) {
  const [events, setEvents] = useState<ChainEvent[]>([]);
  const [state, setState] = useState('connecting');
  const [refused, setRefused] = useState<ApiErrorBody>();
  useEffect(() => {
    const abort = new AbortController();
    const stopped = (): boolean => abort.signal.aborted;
    let lastId: string | undefined;
    let failures = 0;
    const connect = async (): Promise<void> => {
      const headers: Record<string, string> = { Authorization: `Bearer ${session.key() ?? ''}`, Accept: 'text/event-stream' };
      if (lastId !== undefined) headers['Last-Event-ID'] = lastId;
      const response = await fetch('/events', { headers, signal: abort.signal });
      if (!response.ok) throw await streamFailure(response);
      if (!response.body) throw new Error('no stream');
      setState('live');
      failures = 0;
      const parser = new SseParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const arrived = parser.push(value).map((e) => parse(e.id, e.event, e.data));
        if (arrived.length > 0) {
          lastId = arrived.at(-1)?.id;
          setEvents((shown) => [...arrived.reverse(), ...shown].slice(0, KEEP));
        }
      }
    };
    void (async () => {
      while (!stopped()) {
        try {
          await connect();
        } catch (error) {
          if (stopped()) return;
          const failed = error instanceof ApiFailure ? error : new ApiFailure(0, errorOf(undefined, 0));
          if (!reconnects(failed.status)) {
            setState('stopped');
            setRefused(failed.body);
            if (failed.body.code === 'UNAUTHENTICATED') signOut?.();
            return;
          }
          failures++;
          setState(`disconnected (${failed.body.code}: ${failed.body.message}); reconnecting in ${backoffMs(failures) / 1000} s`);
        }
        await new Promise((resolve) => window.setTimeout(resolve, backoffMs(failures)));
      }
    })();
    return () => {
      abort.abort();
    };
  }, [signOut]);
  return (
    <Page title="Events">
      <p role="status" aria-live="polite">
        Stream: {state}. Newest first, the last {KEEP} kept.
      </p>
      {refused && <ErrorAlert error={refused} />}
      <Table
        caption="Events"
        rows={events}
        rowKey={(e) => e.id}
        empty="No event since the page opened."
        columns={[
          { header: 'Block', cell: (e) => e.blockNumber, numeric: true },
          { header: 'Event', cell: (e) => e.name },
          { header: 'About', cell: (e) => summary(e.payload) },
          { header: 'Transaction', cell: (e) => <code>{e.transactionId}</code> },
        ]}
      />
    </Page>
  );
}
