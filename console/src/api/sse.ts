/**
 * A Server-Sent Events parser for `GET /events`, read with fetch (EventSource
 * cannot send the Authorization header): feed it the stream's text as it
 * arrives, in chunks of any size, and it returns the complete events.
 * Comments (`: connected`) and retry fields are skipped.
 */
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export class SseParser {
  #buffer = '';
  #fields: { id?: string; event?: string; data: string[] } = { data: [] };

  /** The events completed by this chunk. */
  push(chunk: string): SseEvent[] {
    this.#buffer += chunk;
    const events: SseEvent[] = [];
    for (let end = this.#lineEnd(); end >= 0; end = this.#lineEnd()) {
      const line = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(this.#buffer[end] === '\r' && this.#buffer[end + 1] === '\n' ? end + 2 : end + 1);
      const event = this.#line(line);
      if (event) events.push(event);
    }
    return events;
  }

  /** Where the first complete line ends, or -1 (a lone \r at the end may still be followed by \n). */
  #lineEnd(): number {
    const match = /\r\n|\r(?!$)|\n/.exec(this.#buffer);
    return match ? match.index : -1;
  }

  #line(line: string): SseEvent | undefined {
    if (line === '') {
      const { id, event, data } = this.#fields;
      this.#fields = { data: [] };
      return data.length === 0 ? undefined : { id, event: event ?? 'message', data: data.join('\n') };
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.#fields.data.push(value);
    else if (field === 'event') this.#fields.event = value;
    else if (field === 'id') this.#fields.id = value;
    return undefined;
  }
}
