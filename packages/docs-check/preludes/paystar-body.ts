// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// A request body your own code built, not yet checked.
const body: unknown = {
  BusinessUnitSlug: 'acme-utilities',
  Channel: 'QuickPay',
  Charges: [{ Amount: 1079, Description: 'Water' }],
}
