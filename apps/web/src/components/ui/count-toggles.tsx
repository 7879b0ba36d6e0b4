export type CountToggle = {
  /** What choosing it narrows to (the URL's value). */
  value: string
  /** Its count as read: "202 Failed", "4 warnings". */
  text: string
  /** Its tooltip while not chosen: "Show only the Failed machines". */
  title: string
}

type CountTogglesProps = {
  /** For screen readers: what the counts are of, and that choosing one narrows the list. */
  legend: string
  toggles: readonly CountToggle[]
  /** The toggle chosen, or '' for none. */
  value: string
  onChange: (value: string) => void
  /** The tooltip of the chosen toggle: "Show every machine". */
  allTitle: string
  /** Between the counts: a middle dot, or a comma within a sentence ("8 failed, 4 warnings"). */
  separator?: 'dot' | 'comma'
  className?: string
}

/**
 * Counts by outcome ("202 Failed · 4,363 Success · …"), each a toggle that narrows the list to those: among
 * thousands, the failed ones are one click away. A group of phrasing content, so that it may stand in a sentence.
 */
export function CountToggles({
  legend,
  toggles,
  value,
  onChange,
  allTitle,
  separator = 'dot',
  className = '',
}: CountTogglesProps) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset may not stand within a sentence (a <p>); this may.
    <span
      role="group"
      aria-label={legend}
      className={`inline-flex min-w-0 flex-wrap items-center gap-x-1 gap-y-1 ${className}`}
    >
      {toggles.map((toggle, i) => (
        <span
          key={toggle.value}
          className={`inline-flex items-center ${separator === 'dot' ? 'gap-x-1' : ''}`}
        >
          {i > 0 && separator === 'dot' ? <span aria-hidden="true">·</span> : null}
          <button
            type="button"
            aria-pressed={value === toggle.value}
            onClick={() => onChange(value === toggle.value ? '' : toggle.value)}
            title={value === toggle.value ? allTitle : toggle.title}
            className="rounded px-1.5 py-1.5 tabular-nums hover:bg-zinc-100 sm:px-1 sm:py-0.5 hover:text-zinc-900 aria-pressed:bg-teal-700 aria-pressed:text-white dark:hover:bg-zinc-800 dark:hover:text-zinc-100 dark:aria-pressed:bg-teal-300 dark:aria-pressed:text-teal-950"
          >
            {toggle.text}
          </button>
          {/* Against the button's text, not its padding. */}
          {i < toggles.length - 1 && separator === 'comma' ? <span className="-ml-1">, </span> : null}
        </span>
      ))}
    </span>
  )
}
