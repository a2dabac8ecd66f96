import type { $ZodIssue } from 'zod/v4/core'
import type { FieldIssue } from '../errors/invalid-request-error.js'
import { messageOf } from './issue-message.js'

/**
 * Zod issues as paymux field issues, with dotted paths
 * (`line_items.0.price_id`). An issue zod left with its bare fallback
 * ("Invalid input", all zod/mini says without a locale) gets paymux's own
 * message for its code ({@link issueMessage}); any other message is kept.
 */
export function toFieldIssues(issues: readonly $ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => ({
    path: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
    message: messageOf(issue),
  }))
}

/** `path: message; path: message` — for error messages. */
export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
}
