import { Page } from '../components/Page';

export function Verify() {
  return <Page title="Verify transaction">{null}</Page>;
}
