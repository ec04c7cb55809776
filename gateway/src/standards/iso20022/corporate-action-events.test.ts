import {
  CALL_EVENT_ID,
  mandatoryOrVoluntary,
  partialCallEventId,
  paymentEventName,
  paymentEventType,
  processingType,
  putDateOf,
  putEventId,
  retiresUnits,
} from './corporate-action-events';

describe('servicing events as ISO 20022 corporate action events (CAEV, ISO 20022 CorporateActionEventType)', () => {
  it('reads every payment event id the chaincode API documents (PaymentEvent.eventId)', () => {
    expect(paymentEventName('C-001')).toEqual({ eventId: 'C-001', kind: 'COUPON' });
    expect(paymentEventName('C-1234')).toEqual({ eventId: 'C-1234', kind: 'COUPON' });
    expect(paymentEventName('R-MATURITY')).toEqual({ eventId: 'R-MATURITY', kind: 'REDEMPTION', reason: 'MATURITY' });
    expect(paymentEventName('R-CALL')).toEqual({ eventId: 'R-CALL', kind: 'REDEMPTION', reason: 'CALL' });
    expect(paymentEventName('R-PUT-2027-03-17')).toEqual({
      eventId: 'R-PUT-2027-03-17',
      kind: 'REDEMPTION',
      reason: 'PUT',
      date: '2027-03-17',
    });
    expect(paymentEventName('R-AMORTISATION-2027-03-17')).toMatchObject({
      kind: 'PARTIAL_REDEMPTION',
      reason: 'AMORTISATION',
      date: '2027-03-17',
    });
    expect(paymentEventName('R-PARTIAL-CALL-2028-03-17')).toMatchObject({
      kind: 'PARTIAL_REDEMPTION',
      reason: 'PARTIAL_CALL',
      date: '2028-03-17',
    });
    for (const bad of ['C-1', 'R-PUT', 'R-PUT-2027-3-17', 'X-001', ''])
      expect(() => paymentEventName(bad)).toThrow(/not a payment event id/);
  });

  it('gives each its CAEV code: INTR, REDM, MCAL, BPUT, PCAL for a partial call and PRED for a scheduled amortisation', () => {
    const code = (eventId: string) => paymentEventType(paymentEventName(eventId));
    expect(code('C-007')).toBe('INTR');
    expect(code('R-MATURITY')).toBe('REDM');
    expect(code('R-CALL')).toBe('MCAL');
    expect(code('R-PUT-2027-03-17')).toBe('BPUT');
    expect(code('R-PARTIAL-CALL-2028-03-17')).toBe('PCAL');
    expect(code('R-AMORTISATION-2027-03-17')).toBe('PRED');
  });

  it('only a redemption retires units; a coupon or a partial redemption repays cash only', () => {
    expect(['R-MATURITY', 'R-CALL', 'R-PUT-2027-03-17'].map((id) => retiresUnits(paymentEventName(id)))).toEqual([true, true, true]);
    expect(['C-001', 'R-AMORTISATION-2027-03-17', 'R-PARTIAL-CALL-2028-03-17'].map((id) => retiresUnits(paymentEventName(id)))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('names the redemption events that calls and puts announce as the ledger will fix them', () => {
    expect(paymentEventName(CALL_EVENT_ID).reason).toBe('CALL');
    expect(paymentEventName(putEventId('2027-03-17')).reason).toBe('PUT');
    expect(paymentEventName(partialCallEventId('2028-03-17')).reason).toBe('PARTIAL_CALL');
    expect(putDateOf('PUT-2027-03-17')).toBe('2027-03-17');
    expect(() => putDateOf('T1')).toThrow(/not a put account/);
  });

  it('a put is voluntary, everything else mandatory; interest is a distribution, a redemption a reorganisation, a default general', () => {
    expect(mandatoryOrVoluntary('BPUT')).toBe('VOLU');
    expect((['INTR', 'REDM', 'MCAL', 'PCAL', 'PRED', 'DFLT'] as const).map(mandatoryOrVoluntary)).toEqual(Array(6).fill('MAND'));
    expect(processingType('INTR')).toBe('DISN');
    expect((['REDM', 'MCAL', 'PCAL', 'PRED', 'BPUT'] as const).map(processingType)).toEqual(Array(5).fill('REOR'));
    expect(processingType('DFLT')).toBe('GENL');
  });
});
