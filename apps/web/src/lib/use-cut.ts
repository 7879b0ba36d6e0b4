import { type RefObject, useLayoutEffect, useState } from 'react'

/**
 * Whether the element's text is cut by its box (`truncate` cuts its width, `line-clamp` its height), measured
 * before paint and again when its size changes; not measured while `open` (shown whole). `initial` is what it
 * is taken to be before the first measure.
 */
export function useCut(
  ref: RefObject<HTMLElement | null>,
  axis: 'width' | 'height',
  open: boolean,
  initial = false,
): boolean {
  const [cut, setCut] = useState(initial)
  useLayoutEffect(() => {
    const el = ref.current
    if (!el || open) return
    const measure = () =>
      setCut(axis === 'width' ? el.scrollWidth > el.clientWidth + 1 : el.scrollHeight > el.clientHeight + 1)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref, axis, open])
  return cut
}
