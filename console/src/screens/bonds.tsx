import type { ScreenProps } from '../app';
import { Page } from '../components/Page';

export function Bonds(_: ScreenProps) {
  return <Page title="Bonds">{null}</Page>;
}

export function BondPage({ isin }: ScreenProps & { isin: string }) {
  return <Page title={isin}>{null}</Page>;
}
