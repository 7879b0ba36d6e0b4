import type { taskResultGroups } from '../lib/task-counts.ts'

type TaskResultFilterProps = {
  /** The job's machines counted by outcome (`taskResultGroups`). */
  groups: ReturnType<typeof taskResultGroups>
  /** The outcome the table is narrowed to (one of the labels of `groups`), or '' for all. */
  value: string
  onChange: (label: string) => void
}

/**
 * How the job's machines ended ("202 Failed · 4,363 Success · …"), each count a toggle that narrows the table to
 * those machines: among thousands, the failed ones are one click away.
 */
export function TaskResultFilter({ groups, value, onChange }: TaskResultFilterProps) {
  return (
    <fieldset className="flex min-w-0 flex-wrap items-center gap-x-1 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
      <legend className="sr-only">Machines by result (choose one to show only those)</legend>
      {groups.map(({ label, count }, i) => (
        <span key={label} className="inline-flex items-center gap-x-1">
          {i > 0 ? <span aria-hidden="true">·</span> : null}
          <button
            type="button"
            aria-pressed={value === label}
            onClick={() => onChange(value === label ? '' : label)}
            title={value === label ? 'Show every machine' : `Show only the ${label} machines`}
            className="rounded px-1.5 py-1.5 tabular-nums hover:bg-zinc-100 sm:px-1 sm:py-0.5 hover:text-zinc-900 aria-pressed:bg-teal-700 aria-pressed:text-white dark:hover:bg-zinc-800 dark:hover:text-zinc-100 dark:aria-pressed:bg-teal-300 dark:aria-pressed:text-teal-950"
          >
            {count.toLocaleString()} {label}
          </button>
        </span>
      ))}
    </fieldset>
  )
}
