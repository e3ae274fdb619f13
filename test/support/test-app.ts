import { createApp } from '../../server/app.ts'
import { testDemo } from './fixture.ts'
import { testDatabase } from './test-db.ts'

/** The app over this worker's demo database, with "today" pinned to the demo data's date. */
export async function testApp() {
  const db = await testDatabase()
  const app = createApp({ db, today: () => testDemo.asOf })
  return { app, db }
}
