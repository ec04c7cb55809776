import { Page } from '../components/Page';

export function Events() {
  return <Page title="Events">{null}</Page>;
}
