import { useEffect } from 'react'

export const APP_NAME = 'EM Session Explorer'

/** Sets the tab title to what the page shows, such as `srv04 · replication task session`. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title
  }, [title])
}
