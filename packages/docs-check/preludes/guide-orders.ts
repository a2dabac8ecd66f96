// Context of guide fragments that update the shop's orders: its order table and its logger.
import type * as PaymuxCore from '@paymux/core'

declare const orders: {
  markPaid(reference: string | undefined, ref: string, amount: PaymuxCore.Money | undefined): Promise<void>
  markUnpaid(reference: string | undefined, status: PaymuxCore.PaymentStatus): Promise<void>
  recordRefund(ref: string, amountRefunded: PaymuxCore.Money | undefined): Promise<void>
  isShipped(reference: string | undefined): Promise<boolean>
  ship(reference: string | undefined): Promise<void>
}
declare const log: {
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
}
