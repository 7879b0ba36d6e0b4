import { ACCEPTED_ID_FORMS } from '@ese/shared'
import { useNavigate } from '@tanstack/react-router'
import { type FormEvent, useId, useState } from 'react'
import { SearchIcon } from '../../../components/ui/icons.tsx'
import { RESOLVE_ROUTE, RESOURCE_ROUTE } from '../../../lib/resource-routes.ts'
import { readPastedId, whyNotOpenable } from '../lib/pasted-id.ts'

type OpenByIdFormProps = {
  /** `header`: compact, label visually hidden; `page`: the home page's large form with a visible label. */
  variant: 'header' | 'page'
  autoFocus?: boolean
}

/**
 * "Open by ID": a session GUID of any kind (opened through `/sessions/$id`, which asks the BFF which kind it
 * is), or a URN or a URL from EM or this dashboard (opened at its page directly), also with the text an alert
 * or a log line puts around it. Input it cannot read gets an inline message listing the accepted forms, and no
 * request is made.
 */
export function OpenByIdForm({ variant, autoFocus = false }: OpenByIdFormProps) {
  const navigate = useNavigate()
  const [value, setValue] = useState('')
  const [invalid, setInvalid] = useState(false)
  const [why, setWhy] = useState<string | null>(null)
  const inputId = useId()
  const messageId = useId()
  const hintId = useId()

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const target = readPastedId(value)
    if (!target) {
      setInvalid(true)
      setWhy(whyNotOpenable(value))
      return
    }
    setInvalid(false)
    setValue('')
    // A link to this dashboard's page of the session opens as it was shared, with its filters and window.
    const shared = ownPageOf(value, target.id)
    if (shared) return void navigate({ href: shared })
    void navigate({
      to: target.kind ? RESOURCE_ROUTE[target.kind] : RESOLVE_ROUTE,
      params: { id: target.id },
    })
  }

  const page = variant === 'page'
  const describedBy =
    [invalid ? messageId : null, page ? hintId : null].filter(Boolean).join(' ') || undefined

  return (
    <form onSubmit={onSubmit} noValidate className={page ? 'space-y-2' : 'relative w-full'}>
      <label
        htmlFor={inputId}
        className={page ? 'block text-sm font-medium text-zinc-800 dark:text-zinc-200' : 'sr-only'}
      >
        Session ID or URL
      </label>
      <div className="flex gap-2">
        <div className="relative min-w-0 flex-1">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-zinc-400" />
          <input
            id={inputId}
            type="text"
            value={value}
            onChange={(event) => {
              setValue(event.target.value)
              if (invalid) setInvalid(false)
            }}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && invalid) setInvalid(false)
            }}
            placeholder={page ? 'GUID, urn:veeam:… or https://em:9398/api/…' : 'Open by ID, URN or EM URL'}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            enterKeyHint="go"
            // biome-ignore lint/a11y/noAutofocus: the home page is a search page; focusing its only field is expected
            autoFocus={autoFocus}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            className={`w-full min-w-0 rounded-md border bg-white pr-2 pl-8 font-mono text-zinc-900 placeholder:font-sans placeholder:text-zinc-400 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500 ${
              invalid ? 'border-red-500 dark:border-red-500' : 'border-zinc-300 dark:border-zinc-700'
            } ${page ? 'h-10 text-sm' : 'h-8 text-xs sm:text-sm'}`}
          />
        </div>
        <button
          type="submit"
          className={`shrink-0 rounded-md bg-teal-700 px-3 font-medium text-white hover:bg-teal-800 ${
            page ? 'h-10 px-4 text-sm' : 'h-8 text-xs sm:text-sm'
          }`}
        >
          Open
        </button>
      </div>
      {page ? (
        <p id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
          A bare GUID can be any session, replication or backup, task or job, or a backup server: the
          dashboard asks Enterprise Manager which one it is. URNs and EM links name it directly.
        </p>
      ) : null}
      <div
        id={messageId}
        aria-live="polite"
        className={
          invalid && !page
            ? 'absolute top-full right-0 left-0 z-20 mt-1.5 rounded-md border border-red-200 bg-white p-3 shadow-lg sm:left-auto sm:w-[30rem] dark:border-red-900 dark:bg-zinc-900'
            : ''
        }
      >
        {invalid ? (
          <div className="text-sm text-red-800 dark:text-red-300">
            <p className="font-medium">{why ?? 'This is not an ID the dashboard can open.'} Paste one of:</p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-zinc-700 dark:text-zinc-300">
              {ACCEPTED_ID_FORMS.map((form) => (
                <li key={form} className="break-words">
                  {form}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </form>
  )
}

/** The path and search of pasted text that is a link to this dashboard's page of `id`, or null. */
function ownPageOf(text: string, id: string): string | null {
  if (!URL.canParse(text.trim())) return null
  const url = new URL(text.trim())
  const own = url.origin === window.location.origin && url.pathname.toLowerCase().endsWith(`/${id}`)
  return own && url.search !== '' ? `${url.pathname}${url.search}` : null
}
