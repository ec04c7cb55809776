/** Splits a certificate's `bond.role` attribute value ("admin,operator") into its roles. */
export function parseIdentityRoles(attribute: string | null | undefined): string[] {
  if (!attribute) return [];
  return attribute
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
}
