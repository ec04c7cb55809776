/** A bond's terms laid out as a term sheet: one `<dl>`, in the order a term sheet reads. */
import type { Schemas } from '../api/client';
import { formatDecimal, formatMinor, formatPercent } from '../model/decimal';

type Terms = Schemas['BondTermsRequest'];

function rateOf(t: Terms): string {
  if (t.floatingRate) return `${t.floatingRate.referenceRate} + ${t.floatingRate.spread} %`;
  if (t.interestRate !== undefined) return formatPercent(t.interestRate);
  return t.bookType === 'TENDER' ? 'set by the tender' : '—';
}

export function TermSheet({ terms, issuer }: { terms: Terms; issuer?: string }) {
  const rows: [string, string | undefined][] = [
    ['Short name', terms.shortName],
    ['Issuer', issuer],
    ['Proposed ISIN', terms.isin],
    ['Status of note', terms.statusOfNote],
    ['Form of note', terms.formOfNote],
    ['Governing law', terms.governingLaw],
    ['Currency', terms.specifiedCurrency],
    ['Denomination', formatMinor(terms.specifiedDenomination, terms.specifiedCurrency)],
    ['Issue size (units)', formatDecimal(terms.issueSize)],
    ['Over-allotment limit (units)', terms.overAllotmentLimit === undefined ? undefined : formatDecimal(terms.overAllotmentLimit)],
    ['Issue price', formatPercent(terms.issuePrice)],
    ['Interest', `${terms.interestType}, ${rateOf(terms)}`],
    ['Book type', terms.bookType],
    ['Payment frequency', terms.interestPaymentFrequency],
    ['Day count', terms.dayCountFraction],
    ['Issue date', terms.issueDate],
    ['First coupon date', terms.firstCouponDate],
    ['Penultimate coupon date', terms.penultimateCouponDate],
    ['Maturity date', terms.maturityDate],
    ['Business days', `${terms.businessDayConvention}, calendar ${terms.businessDayCalendar}`],
    ['Record date', `${terms.recordDateOffset} business days before payment`],
    ['Paying agent', terms.payingAgent],
    ['Lead underwriter', terms.leadUnderwriter],
    ['Call dates', terms.callSchedule?.map((c) => `${c.date} at ${c.price} %`).join('; ')],
    ['Put dates', terms.putSchedule?.map((c) => `${c.date} at ${c.price} %`).join('; ')],
    ['Amortisation', terms.amortisationSchedule?.map((a) => `${a.date}: ${a.percent} %`).join('; ')],
    ['Ratings', terms.ratings?.map((r) => `${r.agency} ${r.rating}`).join('; ')],
  ];
  return (
    <dl class="terms">
      {rows
        .filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '')
        .map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
