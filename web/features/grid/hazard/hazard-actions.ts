import type { HazardAction, HazardActionName } from '../../../api/hazards.ts'
import type { HazardStatus } from '../../../domain/vocab.ts'

const transitionPrefix = 'transition:'

/**
 * The buttons the panel shows, read from the hazard answer's `actions` (the caller's, decided by
 * server/rules/listing-actions.ts): a button is shown exactly when the server lists its action, so
 * the page never offers a step the server would refuse, nor hides one it would take.
 */
export function offeredActions(actions: readonly HazardActionName[]) {
  const has = (name: HazardActionName) => actions.includes(name)
  return {
    /** The closed loop's next statuses, in the server's order. */
    transitions: actions.flatMap((name) =>
      name.startsWith(transitionPrefix) ? [name.slice(transitionPrefix.length) as HazardStatus] : [],
    ),
    list: has('listing'),
    requestExtension: has('extension_request'),
    decideExtension: has('extension_decide'),
    delist: has('delist'),
    addPhoto: has('photo_add'),
    /** The photos this caller may remove. */
    deletablePhotos: actions.flatMap((name) =>
      name.startsWith('photo_delete:') ? [Number(name.slice('photo_delete:'.length))] : [],
    ),
  }
}

export type OfferedActions = ReturnType<typeof offeredActions>

/** A transition's body: assigning needs the deadline the user entered. */
export function transitionAction(to: HazardStatus, deadline: string): HazardAction {
  return { kind: 'transition', body: to === 'assigned' ? { to, deadline } : { to } }
}
