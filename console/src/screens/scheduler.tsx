import { Page } from '../components/Page';

export function Scheduler() {
  return <Page title="Scheduler">{null}</Page>;
}
