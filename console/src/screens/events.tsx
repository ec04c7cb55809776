/**
 * The live event stream: GET /events is Server-Sent Events and needs the
 * Authorization header, which EventSource cannot send, so it is read with
 * fetch and parsed (api/sse.ts). Newest first; the list keeps the last 200.
 * It resumes after a dropped connection from the last event's id.
 */
import { useEffect, useState } from 'preact/hooks';
import { session } from '../api/client';
import { SseParser } from '../api/sse';
import { Page } from '../components/Page';
import { Table } from '../components/Table';

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

export function Events() {
  const [events, setEvents] = useState<ChainEvent[]>([]);
  const [state, setState] = useState('connecting');
  useEffect(() => {
    const abort = new AbortController();
    const stopped = (): boolean => abort.signal.aborted;
    let lastId: string | undefined;
    const connect = async (): Promise<void> => {
      const headers: Record<string, string> = { Authorization: `Bearer ${session.key() ?? ''}`, Accept: 'text/event-stream' };
      if (lastId !== undefined) headers['Last-Event-ID'] = lastId;
      const response = await fetch('/events', { headers, signal: abort.signal });
      if (!response.ok || !response.body) throw new Error(`the gateway answered ${response.status}`);
      setState('live');
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
          setState(`disconnected (${error instanceof Error ? error.message : 'error'}); reconnecting`);
        }
        await new Promise((resolve) => window.setTimeout(resolve, 3000));
      }
    })();
    return () => {
      abort.abort();
    };
  }, []);
  return (
    <Page title="Events">
      <p role="status" aria-live="polite">
        Stream: {state}. Newest first, the last {KEEP} kept.
      </p>
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
