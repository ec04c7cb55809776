import fc from 'fast-check';
import { SseParser } from './sse';

const stream =
  ': connected\n\n' +
  'id: 7:tx1\nevent: BidPlaced\ndata: {"blockNumber":"7","eventName":"BidPlaced"}\n\n' +
  ': reconnecting to the peer\n\n' +
  'id: 8:tx2\r\nevent: BookAllocated\r\ndata: line one\r\ndata: line two\r\n\r\n';

const expected = [
  { id: '7:tx1', event: 'BidPlaced', data: '{"blockNumber":"7","eventName":"BidPlaced"}' },
  { id: '8:tx2', event: 'BookAllocated', data: 'line one\nline two' },
];

describe('SseParser', () => {
  it('reads events, skipping comments, with LF or CRLF line ends', () => {
    expect(new SseParser().push(stream)).toEqual(expected);
  });

  it('gives the same events however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), stream.length];
        const parser = new SseParser();
        const events = points.slice(1).flatMap((end, i) => parser.push(stream.slice(points[i], end)));
        expect(events).toEqual(expected);
      }),
    );
  });

  it('holds back an event until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('event: X\ndata: 1\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ id: undefined, event: 'X', data: '1' }]);
  });
});
