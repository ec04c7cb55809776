import { Page } from '../components/Page';

export function Transfers() {
  return <Page title="Transfers">{null}</Page>;
}
