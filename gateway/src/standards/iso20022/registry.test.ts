/** The registry combines the families' builders by event name; two families claiming one event is refused. */
import { combineBuilders } from './registry';
import { TEST_BUILDERS } from './test-builders';

describe('the builder registry', () => {
  it('combines families by event name and refuses an event claimed twice', () => {
    const { TransferSettled, HoldingPledged } = TEST_BUILDERS;
    const combined = combineBuilders({ TransferSettled: TransferSettled! }, { HoldingPledged: HoldingPledged! });
    expect(Object.keys(combined)).toEqual(['TransferSettled', 'HoldingPledged']);
    expect(Object.isFrozen(combined)).toBe(true);
    expect(() => combineBuilders({ TransferSettled: TransferSettled! }, { TransferSettled: HoldingPledged! })).toThrow(
      'two message builders for the event TransferSettled',
    );
  });
});
