/**
 * The cash ledger on the real network (issue 17): the payment operator's
 * channel, its governance and its chaincode, through each organisation's own
 * peer with fabric-gateway (the REST gateways serve the bond ledger). The
 * operator opens accounts and issues a balance, the bank pays the securities
 * company, a participant cannot issue, and the CSD observes: it queries and
 * reads the event stream through its own peer, and the ordering service
 * refuses what it submits even from an account of its own. The channel configuration is read back to show who administers it.
 * Account IDs are new on every run, so the test leaves earlier runs' accounts
 * as they are.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Contract, Gateway, Network } from '@hyperledger/fabric-gateway';
import { common, msp } from '@hyperledger/fabric-protos';
import { currentConfig, groupsOf } from '../../src/fabric/channel-config';
import { connectGateway, newGrpcClient } from '../../src/fabric/connection';
import {
  loadTestNetwork,
  peerEndpointOf,
  signingIdentityOf,
  type TestCashLedger,
  type TestNetworkOrganization,
} from '../../src/ledger-check/test-network';
import { eventually } from './eventually';

interface Account {
  owner: string;
  accountId: string;
  currency: string;
  balance: string;
}

interface Totals {
  currency: string;
  issued: string;
  redeemed: string;
}

const cash = loadTestNetwork().cash;
if (!cash) throw new Error('network.json describes no cash ledger: start the network with this version (npm start)');
const ledger: TestCashLedger = cash;

function orgOf(name: string): TestNetworkOrganization {
  const found = ledger.organizations[name];
  if (!found) throw new Error(`the cash ledger has no organisation '${name}'`);
  return found;
}

const operator = ledger.administrator;
const [bank, securities] = ['bank', 'securities'];
const observer = 'csd';
const mspOf = (org: string) => orgOf(org).mspId;

const clients = new Map<string, grpc.Client>();
const gateways = new Map<string, Gateway>();

/** The cash channel through `org`'s own peer, signed as `org`'s `user`. */
function cashChannel(org: string, user: string): Network {
  const id = `${org}/${user}`;
  let gateway = gateways.get(id);
  if (!gateway) {
    let client = clients.get(org);
    if (!client) {
      client = newGrpcClient(peerEndpointOf(orgOf(org)));
      clients.set(org, client);
    }
    gateway = connectGateway(client, signingIdentityOf(orgOf(org), user));
    gateways.set(id, gateway);
  }
  return gateway.getNetwork(ledger.channel);
}

function contract(org: string, user: string): Contract {
  return cashChannel(org, user).getContract(ledger.chaincode, 'Cash');
}

const decoder = new TextDecoder();
const json = <T>(bytes: Uint8Array): T => JSON.parse(decoder.decode(bytes)) as T;

async function submit<T>(org: string, user: string, fn: string, request: object): Promise<T> {
  return json<T>(await contract(org, user).submitTransaction(fn, JSON.stringify(request)));
}

async function evaluate<T>(org: string, user: string, fn: string, ...args: string[]): Promise<T> {
  return json<T>(await contract(org, user).evaluateTransaction(fn, ...args));
}

/** Everything a fabric-gateway error says: its message and each peer's or orderer's detail. */
function errorText(error: unknown): string {
  const details = (error as { details?: { mspId?: string; message: string }[] }).details ?? [];
  return [
    error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    ...details.map((d) => `[${d.mspId ?? '?'}] ${d.message}`),
  ].join('\n');
}

async function refusal(action: Promise<unknown>): Promise<string> {
  const outcome = await action.then(
    () => undefined,
    (error: unknown) => errorText(error),
  );
  if (outcome === undefined) throw new Error('expected a refusal, but the transaction was accepted');
  return outcome;
}

/** `org`'s account, read by its owner through its own peer once that peer has the latest block. */
async function balanceSeenBy(org: string, owner: string, accountId: string, expected: string): Promise<string> {
  const read = await eventually(
    () => evaluate<Account>(org, 'viewer1', 'GetAccount', owner, accountId, 'EUR'),
    (account) => account.balance === expected,
  );
  return read.balance;
}

/** The principals of a signature policy: "MSPID.role", e.g. "PaymentMSP.admin". */
function signers(group: common.ConfigGroup, policyName: string): string[] {
  const policy = (group.getPoliciesMap() as unknown as Map<string, common.ConfigPolicy>).get(policyName)?.getPolicy();
  if (!policy) throw new Error(`no policy ${policyName}`);
  if (policy.getType() !== common.Policy.PolicyType.SIGNATURE)
    return [`ImplicitMeta ${common.ImplicitMetaPolicy.deserializeBinary(policy.getValue_asU8()).getRule()}`];
  const envelope = common.SignaturePolicyEnvelope.deserializeBinary(policy.getValue_asU8());
  const roleNames: Record<number, string> = {
    [msp.MSPRole.MSPRoleType.ADMIN]: 'admin',
    [msp.MSPRole.MSPRoleType.CLIENT]: 'client',
    [msp.MSPRole.MSPRoleType.PEER]: 'peer',
  };
  return envelope.getIdentitiesList().map((principal) => {
    const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
    return `${role.getMspIdentifier()}.${roleNames[role.getRole()] ?? String(role.getRole())}`;
  });
}

function subgroup(group: common.ConfigGroup | undefined, name: string): common.ConfigGroup {
  const found = group ? groupsOf(group).get(name) : undefined;
  if (!found) throw new Error(`no config group ${name}`);
  return found;
}

// New accounts on every run: OpenAccount refuses an account that exists.
const run = Date.now().toString(36).toUpperCase();
const bankAccount = `BANK-${run}`;
const securitiesAccount = `SEC-${run}`;
const csdAccount = `CSD-${run}`;

afterAll(() => {
  for (const gateway of gateways.values()) gateway.close();
  for (const client of clients.values()) client.close();
});

describe('the cash ledger', () => {
  it('is governed by the payment operator alone; the CSD is a member that may not write', async () => {
    const config = await currentConfig(cashChannel(bank, 'admin'));
    const channel = config.getChannelGroup();
    const operatorAdmin = [`${mspOf(operator)}.admin`];
    expect(signers(channel as common.ConfigGroup, 'Admins')).toEqual(operatorAdmin);
    const application = subgroup(channel, 'Application');
    expect(signers(application, 'Admins')).toEqual(operatorAdmin);
    expect(signers(application, 'LifecycleEndorsement')).toEqual([`${mspOf(operator)}.peer`]);
    expect(signers(subgroup(channel, 'Orderer'), 'Admins')).toEqual(operatorAdmin);
    const writers = signers(application, 'Writers');
    for (const org of [operator, ...ledger.participants])
      expect(writers).toEqual(expect.arrayContaining([`${mspOf(org)}.admin`, `${mspOf(org)}.client`]));
    expect(writers.some((principal) => principal.startsWith(`${mspOf(observer)}.`))).toBe(false);
    // Every organisation of the channel is a member (Readers), the observer included.
    const members: string[] = [];
    groupsOf(application).forEach((_group, key) => members.push(key));
    expect(members.sort()).toEqual([operator, bank, securities, observer].map(mspOf).sort());
    expect(ledger.observers).toEqual([observer]);
    expect(ledger.endorsers).toEqual([operator]);
  });

  it('lets the operator open accounts and issue a balance, and each owner read its own', async () => {
    const before = await evaluate<Totals>(bank, 'viewer1', 'GetTotals', 'EUR');
    for (const [owner, accountId] of [
      [bank, bankAccount],
      [securities, securitiesAccount],
    ] as const) {
      const opened = await submit<Account>(operator, 'admin', 'OpenAccount', { owner: mspOf(owner), accountId, currency: 'EUR' });
      expect(opened).toMatchObject({ owner: mspOf(owner), accountId, currency: 'EUR', balance: '0' });
    }
    await submit(operator, 'operator1', 'IssueCash', { owner: mspOf(bank), accountId: bankAccount, currency: 'EUR', amount: '100000' });
    expect(await balanceSeenBy(bank, mspOf(bank), bankAccount, '100000')).toBe('100000');
    const after = await eventually(
      () => evaluate<Totals>(bank, 'viewer1', 'GetTotals', 'EUR'),
      (totals) => BigInt(totals.issued) === BigInt(before.issued) + 100000n,
    );
    expect(BigInt(after.issued) - BigInt(before.issued)).toBe(100000n);
    expect(after.redeemed).toBe(before.redeemed);
  });

  it('lets the bank pay the securities company from its own account', async () => {
    const movement = await submit<{ kind: string; amount: string }>(bank, 'operator1', 'TransferCash', {
      from: { owner: mspOf(bank), accountId: bankAccount },
      to: { owner: mspOf(securities), accountId: securitiesAccount },
      currency: 'EUR',
      amount: '25000',
    });
    expect(movement.amount).toBe('25000');
    expect(await balanceSeenBy(securities, mspOf(securities), securitiesAccount, '25000')).toBe('25000');
    expect(await balanceSeenBy(bank, mspOf(bank), bankAccount, '75000')).toBe('75000');
    // The operator reads every account, through its own peer.
    const seen = await evaluate<Account>(operator, 'viewer1', 'GetAccount', mspOf(securities), securitiesAccount, 'EUR');
    expect(seen.balance).toBe('25000');
  });

  it('refuses a participant that issues cash, and writes nothing', async () => {
    const text = await refusal(
      submit(bank, 'operator1', 'IssueCash', { owner: mspOf(bank), accountId: bankAccount, currency: 'EUR', amount: '1000000' }),
    );
    expect(text).toMatch(/OPERATOR_REQUIRED: /);
    expect((await evaluate<Account>(bank, 'viewer1', 'GetAccount', mspOf(bank), bankAccount, 'EUR')).balance).toBe('75000');
  });

  it('lets the CSD query and follow the events, and refuses at ordering what it submits, even from an account of its own', async () => {
    const configuration = await evaluate<{ operatorMspId: string }>(observer, 'viewer1', 'GetConfig');
    expect(configuration.operatorMspId).toBe(mspOf(operator));
    await submit(operator, 'admin', 'OpenAccount', { owner: mspOf(observer), accountId: csdAccount, currency: 'EUR' });
    const issue = contract(operator, 'operator1').newProposal('IssueCash', {
      arguments: [JSON.stringify({ owner: mspOf(observer), accountId: csdAccount, currency: 'EUR', amount: '100' })],
    });
    const status = await (await (await issue.endorse()).submit()).getStatus();
    expect(status.successful).toBe(true);
    expect(await balanceSeenBy(observer, mspOf(observer), csdAccount, '100')).toBe('100');
    // The event stream, as a settlement agent reads it: from its own peer, from the first block.
    const events = await cashChannel(observer, 'viewer1').getChaincodeEvents(ledger.chaincode, { startBlock: 0n });
    let seen: { name: string; amount: string } | undefined;
    try {
      for await (const event of events) {
        if (event.transactionId !== issue.getTransactionId()) continue;
        seen = { name: event.eventName, amount: json<{ amount: string }>(event.payload).amount };
        break;
      }
    } finally {
      events.close();
    }
    expect(seen).toEqual({ name: 'CashIssued', amount: '100' });
    // The operator's peer endorses the payment (the chaincode's rules allow it); the ordering service refuses the transaction.
    const text = await refusal(
      submit(observer, 'operator1', 'TransferCash', {
        from: { owner: mspOf(observer), accountId: csdAccount },
        to: { owner: mspOf(bank), accountId: bankAccount },
        currency: 'EUR',
        amount: '100',
      }),
    );
    // Endorsed, then refused at ordering: the CSD is not among the channel's Writers.
    expect(text).toMatch(/^SubmitError: .*status=FORBIDDEN.*'Writers' sub-policies/);
    expect((await evaluate<Account>(observer, 'viewer1', 'GetAccount', mspOf(observer), csdAccount, 'EUR')).balance).toBe('100');
  });
});
