import { Page } from '../components/Page';

export function Payments() {
  return <Page title="Payments">{null}</Page>;
}
