/**
 * Model-based property tests of custody operations: random sequences of
 * steps run on a freshly issued bond, each checked against a model of what
 * the rules allow.
 */
import fc from 'fast-check';
import { Scenario } from './scenario';

/** What one step did: refused (error) or accepted, and whether the model expected it accepted; undefined when it did not apply. */
export type Outcome = { error?: Error; expected: boolean } | undefined;

export interface ModelRun<S, M> {
  /** A new model for a new scenario (the test may keep the scenario for its steps). */
  start: (scenario: Scenario) => M;
  apply: (model: M, step: S) => Promise<Outcome>;
  /** Checks the ledger's positions against the model. */
  expectPositions: (model: M) => Promise<void>;
}

/**
 * Runs `numRuns` random sequences of up to 25 steps on a bond issued to
 * BankMSP (646) and FundMSP (554) from 2026-06-01: each step is accepted
 * exactly when the model expects, a refusal carries a code and writes
 * nothing, the positions match the model after every step, and outstanding
 * never changes.
 */
export async function assertAgainstModel<S, M>(step: fc.Arbitrary<S>, run: ModelRun<S, M>, numRuns = 30): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
      const scenario = new Scenario();
      await scenario.members();
      await scenario.issuedBond();
      scenario.ledger.now = Scenario.at('2026-06-01');
      const model = run.start(scenario);
      for (const s of steps) {
        const before = scenario.ledger.snapshot();
        const outcome = await run.apply(model, s);
        if (!outcome) continue;
        expect([s, outcome.error?.message ?? 'accepted']).toEqual([s, outcome.expected ? 'accepted' : expect.stringMatching(/^[A-Z_]+: /)]);
        if (outcome.error) expect(scenario.ledger.snapshot()).toEqual(before);
        await run.expectPositions(model);
      }
      expect(await scenario.outstanding()).toBe(1200n);
    }),
    { numRuns },
  );
}
