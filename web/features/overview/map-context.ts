import type { InjectionKey } from 'vue'
import type { useLayerData } from '../../map/use-layer-data.ts'
import type { MapHandle } from '../../map/use-map.ts'

/** What panels beside the map may use: the map handle (to fly to places) and the loaded data. */
export type MapContext = { handle: MapHandle; layers: ReturnType<typeof useLayerData> }

export const mapContextKey: InjectionKey<MapContext> = Symbol('map-context')
