// The explorer's panels, for the lead to mount on the pages (see each component's props).
export {
  attentionQueryOptions,
  getAttention,
  useAttention,
} from './api/get-attention.ts'
export { getJobRuns, jobRunsQueryOptions, useJobRuns } from './api/get-job-runs.ts'
export {
  getMachineHistory,
  machineHistoryQueryOptions,
  useMachineHistory,
} from './api/get-machine-history.ts'
export { getRawAnswer, rawAnswerQueryOptions, useRawAnswer } from './api/get-raw-answer.ts'
export {
  getServerSessions,
  serverSessionsQueryOptions,
  useServerSessions,
} from './api/get-server-sessions.ts'
export { explorerKeys, PANEL_QUERY_DEFAULTS, PANEL_REFRESH_MS } from './api/keys.ts'
export { JobRuns, type JobRunsProps } from './components/job-runs.tsx'
export {
  MachineHistory,
  type MachineHistoryProps,
  RetryVerdict,
  type RetryVerdictProps,
} from './components/machine-history.tsx'
export { NeedsAttention, type NeedsAttentionProps } from './components/needs-attention.tsx'
export { PowerActions, type PowerActionsProps } from './components/power-actions.tsx'
export { ServerSessions, type ServerSessionsProps } from './components/server-sessions.tsx'
export { type RunShortcutTargets, useRunShortcuts } from './components/use-run-shortcuts.ts'
export { machineVerdict } from './lib/machine-verdict.ts'
export { retryVerdict } from './lib/retry-verdict.ts'
export { RUN_SHORTCUTS } from './lib/shortcuts.ts'
export { type SummaryMachine, sessionSummaryMarkdown } from './lib/summary.ts'
