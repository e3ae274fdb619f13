import { describe, expect, it } from 'vitest'
import { defaultSettings, targetsForYear } from '../../db/defaults.ts'

const value = (key: string) => defaultSettings.find((s) => s.key === key)?.value

describe('default settings', () => {
  it('carries the DOMAIN defaults', () => {
    expect(value('fireworks_outlet_spacing_m')).toBe(50)
    expect(value('fireworks_site_distance_m')).toEqual({
      school: 100,
      kindergarten: 100,
      hospital: 100,
      market: 100,
      crowded_place: 100,
      gas_station: 100,
      flammable_storage: 100,
      high_rise: 100,
      residential_gate: 100,
    })
    expect(value('fireworks_min_floor_area_m2')).toBe(10)
    expect(value('fireworks_outlets_per_1000_households_max')).toBe(2)
    expect(value('dust_shift_threshold')).toBe(30)
    expect(value('ammonia_major_hazard_tonnes')).toBe(10)
    expect(value('visit_frequency_days')).toEqual({ major: 30, high: 30, general: 90, low: 90 })
    expect(value('listing_deadline_max_days')).toBe(365)
    expect(value('listing_extension_request_working_days')).toBe(20)
    expect(value('fireworks_licence_expiry_warning_days')).toBe(30)
    expect(value('fireworks_yearly_reduction')).toEqual({ rate_pct: 10, years: 3 })
    expect(value('fireworks_check_radius_m')).toBe(200)
  })

  it('has unique snake_case keys, each described', () => {
    const keys = defaultSettings.map((s) => s.key)
    expect(new Set(keys).size).toBe(keys.length)
    for (const s of defaultSettings) {
      expect(s.key).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/)
      expect(s.description.length).toBeGreaterThan(10)
    }
  })
})

describe('targetsForYear', () => {
  it('gives the 2017 plan targets for the year asked', () => {
    const targets = targetsForYear(2026)
    expect(Object.fromEntries(targets.map((t) => [t.key, t.target]))).toEqual({
      county_comprehensive_inspections: 5,
      special_inspections: 10,
      unannounced_inspections: 3,
      listing_rounds: 2,
      listed_hazards_per_round: 10,
      standardization_level2_new: 5,
      standardization_level3_new: 20,
      standardization_micro_new: 20,
      above_size_standardized_pct: 100,
      confined_space_demo_enterprises: 5,
      dust_over_threshold_verified_pct: 100,
      county_drills: 1,
      town_drills_each: 1,
      culture_demo_province_new: 1,
      culture_demo_city_new: 2,
      enforcement_plan_completion_pct: 100,
      larger_accidents_max: 0,
    })
    expect(targets.every((t) => t.year === 2026 && t.note.startsWith('射安字〔2017〕7号'))).toBe(true)
  })
})
