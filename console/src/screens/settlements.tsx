import { Page } from '../components/Page';

export function Settlements() {
  return <Page title="Settlements">{null}</Page>;
}
