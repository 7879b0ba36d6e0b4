import { QueryClientProvider } from '@tanstack/react-query'
import { RouterProvider } from '@tanstack/react-router'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { handleSignedOut } from './features/auth/lib/signed-out.ts'
import { ApiError } from './lib/api-client.ts'
import { createQueryClient } from './lib/query-client.ts'
import { canonicalSearch } from './lib/search-params.ts'
import { createAppRouter } from './router.tsx'
import './styles.css'

// A pasted link in the router's old JSON form (`?q=%22123%22`) shows as `?q=123` before the router reads it.
const search = canonicalSearch(window.location.search)
if (search !== null) {
  const { pathname, hash } = window.location
  window.history.replaceState(window.history.state, '', `${pathname}${search}${hash}`)
}

// Any answer saying the user is signed out (or EM ended their session) takes them to the sign-in page, from
// every page and every request alike.
const queryClient = createQueryClient({ onSignedOut: (error) => handleSignedOut(router, queryClient, error) })
const router = createAppRouter(queryClient)

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

createRoot(container, {
  // API errors caught by a route's error boundary are expected and shown in the page's error panel; anything
  // else caught there is a bug and goes to the console.
  onCaughtError: (error, info) => {
    if (!(error instanceof ApiError)) console.error(error, info.componentStack)
  },
}).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
)
