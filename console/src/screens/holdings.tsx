import { Page } from '../components/Page';

export function Holdings() {
  return <Page title="Holdings">{null}</Page>;
}
