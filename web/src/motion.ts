/**
 * Whether the person asked their system for less motion (`prefers-reduced-motion`). antd's
 * animations (a dialog zooming in, a drawer sliding) are then turned off: nothing moves
 * under a pointer about to click it. The browser tests ask for it too.
 */
export const motionWanted = (): boolean =>
  typeof window === 'undefined' ||
  typeof window.matchMedia !== 'function' ||
  !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
