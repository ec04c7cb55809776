/**
 * The guard, the context and the world-state helpers on a small contract of
 * their own (no decorators: the memory ledger calls the functions directly),
 * bound to a coded error as each chaincode binds them to its own.
 */
import type { ChaincodeStub } from 'fabric-shim-api';
import { CodedError, refuse } from '../test/coded-error';
import { canonicalJson } from './canonical-json';
import { GuardedContext } from './context';
import { type Guard, GuardedContractBase, qualifiedFunctionName } from './guarded-contract';
import { jsonSerializers } from './serializer';
import { changeStamp, EMPTY, emitEvent, type Page, worldState, writeRecord } from './state';
import { MemoryLedger, type TestIdentity } from './testing';
import { inputRules } from './validation';

type NoteRule = { readonly kind: 'read' } | { readonly kind: 'write' };
const RULES: Readonly<Record<string, NoteRule>> = {
  'Notes:Put': { kind: 'write' },
  'Notes:Get': { kind: 'read' },
  'Notes:List': { kind: 'read' },
};

interface Note {
  id: string;
  text: string;
  by: string;
}

const { requireKeyAttribute } = inputRules(refuse);
function key(stub: ChaincodeStub, type: 'note' | 'noteIndex', ...attributes: string[]): string {
  for (const attribute of attributes) requireKeyAttribute(attribute, 'an identifier');
  return stub.createCompositeKey(type, attributes);
}
const state = worldState(refuse, key);

class NotesContext extends GuardedContext<{ mspId: string }> {}

const authorized: NoteRule[] = [];

const NOTES_GUARD: Guard<NotesContext, NoteRule> = {
  accessRule: (fn) => (Object.hasOwn(RULES, fn) ? RULES[fn] : undefined),
  argumentLimits: { maxArgumentBytes: 64, maxArgumentsBytes: 72 },
  refuse,
  Context: NotesContext,
  async authorize(ctx, rule) {
    authorized.push(rule);
    ctx.authorization = await Promise.resolve({ mspId: ctx.clientIdentity.getMSPID() });
  },
};

class NotesContract extends GuardedContractBase<NotesContext, NoteRule> {
  constructor() {
    super('Notes');
  }

  protected override get guard(): Guard<NotesContext, NoteRule> {
    return NOTES_GUARD;
  }

  async Put(ctx: NotesContext, id: string, text: string): Promise<string> {
    const note: Note = { id, text, by: ctx.auth.mspId };
    await writeRecord(ctx.stub, key(ctx.stub, 'note', id), note);
    await ctx.stub.putState(key(ctx.stub, 'noteIndex', ctx.auth.mspId, id), EMPTY);
    emitEvent(ctx.stub, 'NotePut', { note, stamp: changeStamp(ctx), at: ctx.now });
    return canonicalJson(note);
  }

  async Get(ctx: NotesContext, id: string): Promise<string> {
    return canonicalJson(await state.requireRecord<Note>(ctx.stub, key(ctx.stub, 'note', id), `note ${id}`));
  }

  async List(ctx: NotesContext, pageSize: string, bookmark: string): Promise<string> {
    return canonicalJson(await state.pageOfRecords<Note>(ctx.stub, 'note', [], state.parsePageSize(pageSize), bookmark));
  }
}

const ALICE: TestIdentity = { mspId: 'AliceMSP', bondRole: 'operator' };

describe('a guarded contract', () => {
  let ledger: MemoryLedger;
  let notes: NotesContract;

  beforeEach(() => {
    ledger = new MemoryLedger();
    notes = new NotesContract();
    authorized.length = 0;
  });

  it('runs a function after its rule is decided, and stores canonical JSON', async () => {
    expect(await ledger.ok<Note>(notes, 'Put', ALICE, 'n1', 'hello')).toEqual({ id: 'n1', text: 'hello', by: 'AliceMSP' });
    expect(authorized).toEqual([{ kind: 'write' }]);
    expect(Buffer.from(ledger.state.get('\u0000note\u0000n1\u0000')!).toString()).toBe('{"by":"AliceMSP","id":"n1","text":"hello"}');
    expect(await ledger.ok<Note>(notes, 'Get', ALICE, 'n1')).toEqual({ id: 'n1', text: 'hello', by: 'AliceMSP' });
  });

  it('announces the change with who made it and when, from the proposal', async () => {
    const invocation = await ledger.invoke(notes, 'Put', ALICE, 'n1', 'hello');
    expect(invocation.event).toEqual({
      name: 'NotePut',
      payload: {
        note: { id: 'n1', text: 'hello', by: 'AliceMSP' },
        stamp: {
          mspId: 'AliceMSP',
          identity: 'x509::/CN=operator@AliceMSP::/CN=ca.AliceMSP',
          timestamp: '2026-01-05T09:00:00.000Z',
          txId: 'tx000001',
        },
        at: Date.UTC(2026, 0, 5, 9, 0, 0),
      },
    });
  });

  it("refuses a function without an access rule, or an unknown one, with the chaincode's FUNCTION_NOT_ALLOWED", async () => {
    for (const fn of ['createContext', 'checkInput', 'Nothing']) {
      const invocation = await ledger.invoke(notes, fn, ALICE);
      expect(invocation.error).toEqual(new CodedError('FUNCTION_NOT_ALLOWED', `Notes:${fn} has no access rule`));
    }
    const unknown = await ledger.invoke(notes, 'unknownTransaction', ALICE);
    expect(unknown.error).toBeInstanceOf(CodedError);
    expect(authorized).toEqual([]);
  });

  it('refuses oversized arguments and a wrong argument count before the rule is decided', async () => {
    expect((await ledger.invoke(notes, 'Get', ALICE, 'n'.repeat(65))).error).toEqual(
      new CodedError('INVALID_ARGUMENT', 'argument 1 is 65 bytes; an argument may have at most 64'),
    );
    expect((await ledger.invoke(notes, 'Put', ALICE, 'n1', 't'.repeat(62))).error).toEqual(
      new CodedError('INVALID_ARGUMENT', 'the arguments are 73 bytes; at most 72 in all'),
    );
    expect((await ledger.invoke(notes, 'Get', ALICE, 'n1', 'extra')).error).toEqual(
      new CodedError('INVALID_ARGUMENT', 'Notes:Get takes 1 argument, not 2'),
    );
    expect(authorized).toEqual([]);
  });

  it("refuses a write whose transaction time is beyond the tolerance of the peer's clock, and never a query", async () => {
    const skewed = { peerClockMillis: ledger.nowMillis + 120_001 };
    const put = await ledger.invokeWith(notes, 'Put', ALICE, skewed, 'n1', 'hello');
    expect((put.error as CodedError).code).toBe('TIMESTAMP_OUT_OF_RANGE');
    expect(put.attemptedWrites).toEqual([]);
    expect(ledger.state.size).toBe(0);
    expect((await ledger.invokeWith(notes, 'Get', ALICE, skewed, 'n1')).error).toEqual(
      new CodedError('NOT_FOUND', 'note n1 does not exist'),
    );
    await ledger.okWith(notes, 'Put', ALICE, { peerClockMillis: ledger.nowMillis - 120_000 }, 'n1', 'hello');
  });

  it('pages records under a key type, continuing only from its own bookmarks', async () => {
    for (const id of ['a', 'b', 'c']) await ledger.ok(notes, 'Put', ALICE, id, id);
    const first = await ledger.ok<Page<Note>>(notes, 'List', ALICE, '2', '');
    expect(first.records.map((n) => n.id)).toEqual(['a', 'b']);
    const second = await ledger.ok<Page<Note>>(notes, 'List', ALICE, '2', first.bookmark);
    expect(second).toEqual({ records: [{ id: 'c', text: 'c', by: 'AliceMSP' }], bookmark: '', fetchedRecordsCount: 1 });
    for (const [pageSize, bookmark] of [
      ['0', ''],
      ['02', ''],
      ['1234567', ''],
      ['2', '\u0000noteIndex\u0000AliceMSP\u0000a\u0000'],
    ] as const) {
      expect(((await ledger.invoke(notes, 'List', ALICE, pageSize, bookmark)).error as CodedError).code).toBe('INVALID_ARGUMENT');
    }
    expect((await ledger.ok<Page<Note>>(notes, 'List', ALICE, '', '')).records).toHaveLength(3);
  });

  it('makes its context on the prototype too, where fabric-contract-api asks for the context class', () => {
    expect(NotesContract.prototype.createContext()).toBeInstanceOf(NotesContext);
  });

  it('has no access decision before the guard ran', () => {
    expect(() => new NotesContext().auth).toThrow('access guard did not run');
  });
});

describe('qualifiedFunctionName', () => {
  it('qualifies a function of the default contract, and leaves a name for another contract as it is', () => {
    expect(qualifiedFunctionName('Notes', 'Put')).toBe('Notes:Put');
    expect(qualifiedFunctionName('Notes', 'Notes:Put')).toBe('Notes:Put');
    expect(qualifiedFunctionName('Notes', ':Put')).toBe('Notes:Put');
    expect(qualifiedFunctionName('Notes', ' :Put')).toBe('Notes:Put');
    expect(qualifiedFunctionName('Notes', 'Foo:Put')).toBe('Foo:Put');
    expect(qualifiedFunctionName('Notes', 'notes:Put')).toBe('notes:Put');
  });
});

describe('the JSON serializer', () => {
  it('is registered under the chaincode’s name, and writes objects as plain JSON', () => {
    const registration = jsonSerializers('notesJson');
    expect(registration.transaction).toBe('notesJson');
    const serializer = new registration.serializers.notesJson();
    expect(serializer.toBuffer({ b: 1, a: [2] }).toString('utf8')).toBe('{"b":1,"a":[2]}');
    expect(serializer.toBuffer('text', { type: 'string' }).toString('utf8')).toBe('text');
  });
});
