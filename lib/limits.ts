/**
 * Request limits the server enforces and the web checks before sending, in one place both import
 * (issue 10): the server's schemas and photo checks read them, and the forms say them to the user
 * before a request could be refused. Values only (numbers and patterns), no imports.
 */

/** PostgreSQL `integer`: ids, versions, counts such as a town's households and its outlet cap. */
export const maxInt = 2_147_483_647

/** A password's least length: log-in accounts, the password change, an admin's reset. */
export const minPasswordLength = 10

/**
 * A username: 2–63 of lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit
 * (server/admin/schemas.ts, server/create-admin.ts, web/features/admin/user-form.ts).
 */
export const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,62}$/

/** A 双随机 draw (server/draws/schemas.ts, web/features/draws/draw-form.ts). */
export const drawLimits = {
  /** Enterprises one draw picks. */
  enterprises: 1000,
  /** Inspectors sent to each picked enterprise. */
  perEnterprise: 10,
  /** Names in the inspector pool. */
  inspectors: 500,
  /** Characters of the draw's name. */
  name: 200,
  /** Characters of a given seed. */
  seed: 200,
  /** Characters of one inspector's name. */
  person: 50,
} as const

/** An inspection record (server/inspections/schemas.ts, web/features/grid/inspection/inspection-draft.ts). */
export const inspectionLimits = {
  /** Characters of one inspector's name. */
  person: 50,
  /** Inspectors of one inspection. */
  inspectors: 20,
  /** Characters of the findings. */
  findings: 5000,
  /** Hazards found in one inspection. */
  hazards: 50,
  /** Characters of a hazard's description. */
  description: 2000,
  /** Characters of a hazard's category. */
  category: 100,
} as const

/** What the server accepts and keeps of a hazard photo, and what the phone resizes to. */
export const photoLimits = {
  /** Bytes of one uploaded file, before re-encoding (a phone's full-size JPEG fits). */
  maxUploadBytes: 10 * 1024 * 1024,
  /** Photos per hazard and stage (整改前 / 整改后). */
  maxPerHazardStage: 9,
  /** The stored JPEG's long side, in pixels; the phone resizes to it before uploading. */
  longSide: 1600,
} as const

/** A fireworks outlet's ledger fields (server/fireworks/outlets/schemas.ts, the planner's forms). */
export const outletLimits = {
  /** Characters of the outlet's name. */
  name: 200,
  /** Characters of a licence number. */
  licenceNo: 50,
  /** Characters of the operator's name. */
  person: 50,
  /** Characters of a phone number. */
  phone: 30,
  /** Characters of an address. */
  address: 300,
  /** The largest floor area, m² (numeric(8,1)). */
  floorAreaM2: 9_999_999,
  /** The largest storage limit, kg (numeric(8,1)). */
  storageLimitKg: 9_999_999,
} as const

/** A what-if plan of the fireworks planner (server/fireworks/plans/schemas.ts, the plan editor). */
export const planLimits = {
  /** Changes (close, move, add) in one plan. */
  changes: 2000,
  /** Characters of a plan's name. */
  name: 200,
  /** Characters of a plan's note. */
  note: 5000,
  /** Characters of an added outlet's client id (`ref`). */
  ref: 40,
} as const

/** The ledgers (server/ledgers/schemas.ts, web/features/ledgers). */
export const ledgerLimits = {
  /** Rows one page holds at most; the pager offers sizes up to it. */
  page: 200,
  /** Rows a page holds when none is asked. */
  defaultPage: 50,
  /** Rows one export holds at most: beyond, 413 export_too_large. */
  export: 50_000,
  /** Characters of the free-text filter. */
  text: 60,
} as const

/** A file to import (server/imports, web/features/imports): what the server reads before refusing. */
export const importLimits = {
  /** Bytes of the uploaded file (a zipped shapefile of the county's boundaries fits many times). */
  maxFileBytes: 50 * 1024 * 1024,
  /** Bytes all entries of a zip may expand to: more is refused as a zip bomb before inflating. */
  maxUnzippedBytes: 500 * 1024 * 1024,
  /** Entries of a zip. */
  maxZipEntries: 1000,
  /** Rows (features) of one file. */
  maxRows: 200_000,
  /** Columns of one file. */
  maxColumns: 200,
  /** Characters of one cell. */
  maxCellLength: 10_000,
  /** Vertices of one polygon feature. */
  maxVertices: 1_000_000,
} as const

/** The registers' editing forms (server/enterprises, server/registers, server/grids, web/features/registers). */
export const registerLimits = {
  /** Characters of a name (enterprise, site, zone, grid, space, drill). */
  name: 200,
  /** Characters of a person's name (legal representative, safety manager, grid officer). */
  person: 50,
  /** Characters of a phone number. */
  phone: 30,
  /** Characters of an address. */
  address: 300,
  /** Characters of a note or an accident's description. */
  note: 5000,
  /** Characters of a coordinate system's name (lib/crs.ts codes, e.g. EPSG:4549). */
  crs: 40,
  /** Polygons of a MultiPolygon, and rings of a polygon. */
  rings: 1000,
  /** Positions of one boundary (all rings together). */
  vertices: 100_000,
  /** Gases named for one confined space, and characters of each. */
  gases: 20,
  gas: 40,
  /** Employees, participants, dust workers per shift. */
  people: 1_000_000,
  /** Tonnes of ammonia (numeric(10,2)). */
  ammoniaTonnes: 99_999_999,
  /** Deaths and serious injuries of one accident. */
  casualties: 10_000,
  /** Direct loss, 万元 (numeric(12,2)). */
  lossWanYuan: 9_999_999_999,
  /** Rows one register page holds at most; and when none is asked. */
  page: 200,
  defaultPage: 50,
  /** Characters of the register lists' free-text filter. */
  text: 60,
} as const

/** The settings and the year's targets (server/settings, web/features/settings). */
export const settingsLimits = {
  /** Characters of a target's note. */
  note: 500,
  /** The largest target (numeric(12,2)). */
  target: 9_999_999_999,
  /** Years a target may be set for. */
  minYear: 2000,
  maxYear: 2099,
} as const
