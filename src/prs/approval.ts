/**
 * Approval modes: `manual` — every PR opens as a draft and its violations wait in `fix_proposed`
 * until `sweep prs approve`; `balanced` — only risky changes (IAM, network exposure, replacement)
 * wait, the rest open ready for review; `auto` — every PR opens ready for review. The run's
 * `--approval` wins over the config file's `prs.approval`.
 */
import type { ApprovalMode } from '../config/file.ts';
import type { PullRequestApproval } from '../db/schema/remediation.ts';
import type { Risk } from './risk.ts';

export interface ApprovalDecision {
  draft: boolean;
  approval: PullRequestApproval;
  reason?: string;
}

export function decideApproval(mode: ApprovalMode, risks: Risk[]): ApprovalDecision {
  if (mode === 'manual') return { draft: true, approval: 'pending', reason: 'manual approval mode' };
  if (mode === 'balanced' && risks.length > 0) return { draft: true, approval: 'pending', reason: risks.map((r) => r.reason).join('; ') };
  return { draft: false, approval: 'not-required' };
}
